/// What one member may add to a table, so that no member can fill it for the others
/// (docs/protocol.md, "Quotas"). Facilitators are not limited by these; the table's hard
/// limit (`maxDocumentOperations`) holds for everyone. Capacity is counted in operations:
/// one typed or deleted character, one map or list change; the history keeps every one.
public struct QuotaSettings: Sendable, Equatable {
    /// Operations one member may add in any minute. Default 60,000: six long pastes a minute,
    /// a hundred times what anyone types.
    public var memberOperationsPerMinute = 60_000
    /// Share of `maxDocumentOperations`, in percent, that one member's replicas may hold in all.
    /// Default 20: five members at most could fill a table between them.
    public var memberSharePercent = 20
    /// Share of `maxDocumentOperations`, in percent, kept for facilitators and PA staff: past
    /// `100 - reservePercent` only they add operations, so the minutes can always be written
    /// and the session closed. Default 10.
    public var reservePercent = 10

    public init() {}
}
