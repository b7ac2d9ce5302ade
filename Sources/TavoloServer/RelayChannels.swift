import TavoloTransport

/// The `/ws` behaviour until the live-table engine lands: every message goes to
/// every connection in the sender's channel (`?channel=`, default `lobby`), the
/// sender included. It exercises the whole transport (echo, broadcast,
/// backpressure) and is what the placeholder page and the transport benchmark use.
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

    /// Everyone who should receive a message sent by `id`.
    func recipients(of id: ConnectionID) -> [ConnectionID] {
        guard let channel = channelOf[id] else { return [] }
        return members[channel] ?? []
    }
}
