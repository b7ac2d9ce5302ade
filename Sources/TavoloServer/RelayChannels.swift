import TavoloTransport

/// `/ws` in relay mode (setting `relay`, off by default): every message goes to
/// every connection in the sender's channel (`?channel=`, default `lobby`), the
/// sender included. It exercises the transport alone (echo, broadcast,
/// backpressure) for its tests, the Autobahn conformance suite and the
/// transport benchmark; tables are not available in this mode.
struct RelayChannels {
    private var members: [String: [ConnectionID]] = [:]
    private var channelOf: [ConnectionID: String] = [:]

    static let defaultChannel = "lobby"

    mutating func join(_ info: ConnectionInfo) {
        let channel = info.query["channel"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultChannel
        channelOf[info.id] = channel
        members[channel, default: []].append(info.id)
    }

    mutating func leave(_ id: ConnectionID) {
        guard let channel = channelOf.removeValue(forKey: id) else { return }
        members[channel]?.removeAll { $0 == id }
        if members[channel]?.isEmpty == true { members[channel] = nil }
    }

    mutating func handle(_ event: TransportEvent, transport: any Transport) {
        switch event {
        case .opened(let info): join(info)
        case .message(let id, let message): transport.send(message, to: recipients(of: id))
        case .closed(let id, _): leave(id)
        case .httpRequest: break
        }
    }

    /// Everyone who should receive a message sent by `id`.
    func recipients(of id: ConnectionID) -> [ConnectionID] {
        guard let channel = channelOf[id] else { return [] }
        return members[channel] ?? []
    }
}
