/// Where presence goes beyond this node (several nodes on one database): the engine hands it
/// every `presence` and `left` message it sends its own members; the relay delivers them to the
/// other nodes, which pass them on with `EngineInputs.presenceFromOtherNode`. Ephemeral: a
/// relay may drop what it cannot deliver (the next update replaces it). Called on the loop:
/// must not wait.
public protocol PresenceRelay: Sendable {
    func publish(table: String, message: String)
}
