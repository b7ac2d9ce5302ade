import Foundation

/// What a verbale states about the meeting itself: when and where it was called, how people
/// took part, who chaired it and who took the minutes.
public struct SessionDetails: Codable, Sendable, Equatable {
    /// In presenza, online or mista (some in the room, some connected).
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case inPerson
        case online
        case mixed
    }

    /// When the session is called for (the verbale's date when it never opened).
    public var scheduledAt: Date?
    public var mode: Mode?
    /// The address of the room, for a meeting in person or mixed.
    public var place: String
    /// The video call's address, for a meeting online or mixed.
    public var meetingLink: String
    /// Participant ids of who chairs the session (presidente) and who takes the minutes (verbalizzante).
    public var chair: String?
    public var secretary: String?

    public init(
        scheduledAt: Date? = nil, mode: Mode? = nil, place: String = "", meetingLink: String = "", chair: String? = nil,
        secretary: String? = nil
    ) {
        self.scheduledAt = scheduledAt
        self.mode = mode
        self.place = place
        self.meetingLink = meetingLink
        self.chair = chair
        self.secretary = secretary
    }

    /// Events stored before details existed decode to no details.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scheduledAt = try container.decodeIfPresent(Date.self, forKey: .scheduledAt)
        mode = try container.decodeIfPresent(Mode.self, forKey: .mode)
        place = try container.decodeIfPresent(String.self, forKey: .place) ?? ""
        meetingLink = try container.decodeIfPresent(String.self, forKey: .meetingLink) ?? ""
        chair = try container.decodeIfPresent(String.self, forKey: .chair)
        secretary = try container.decodeIfPresent(String.self, forKey: .secretary)
    }

    /// The audit log's fields.
    public var auditFields: [String: String] {
        var fields = ["place": place, "meetingLink": meetingLink, "mode": mode?.rawValue ?? "", "chair": chair ?? "", "secretary": secretary ?? ""]
        if let scheduledAt { fields["scheduledAt"] = ISO8601DateFormatter().string(from: scheduledAt) }
        return fields
    }
}
