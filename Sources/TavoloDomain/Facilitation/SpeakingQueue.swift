import Foundation

/// What a raised hand asks for. A point of order is about how the meeting runs, so it goes ahead
/// of every other request (as in OpenSlides' speakers list and TC39's TCQ); the other kinds queue
/// in the order hands were raised.
public enum HandKind: String, Codable, Sendable, CaseIterable {
    /// Intervento: a contribution on the item.
    case speech
    /// Replica: an answer to what was just said.
    case reply
    /// Chiarimento: a clarifying question.
    case clarification
    /// Mozione d'ordine: a point of order.
    case pointOfOrder
}

/// One raised hand in the speaking queue.
public struct RaisedHand: Codable, Sendable, Equatable {
    public var participantID: String
    public var kind: HandKind
    public var raisedAt: Date
    /// Set while the person is disconnected: the hand is kept for a grace period, so a flaky
    /// phone connection does not cost anyone their turn.
    public var awaySince: Date?

    public init(participantID: String, kind: HandKind, raisedAt: Date, awaySince: Date? = nil) {
        self.participantID = participantID
        self.kind = kind
        self.raisedAt = raisedAt
        self.awaySince = awaySince
    }
}

extension TableState {
    /// Raised hands' ids, in the order they will be given the floor.
    public var queue: [String] { hands.map(\.participantID) }

    /// Hands whose owner has been away for at least `grace` at `now`: each becomes a
    /// `handDropped` event (the caller records them).
    public func handsToDrop(at now: Date, grace: TimeInterval) -> [TableEvent] {
        hands.compactMap { hand in
            guard let away = hand.awaySince, now.timeIntervalSince(away) >= grace else { return nil }
            return .handDropped(participantID: hand.participantID, at: now)
        }
    }

    /// Queues a hand (or changes the kind of one already raised): a point of order goes after
    /// the points of order already at the front, anything else keeps its place or goes last.
    mutating func raise(_ id: String, kind: HandKind, at: Date) {
        if let index = hands.firstIndex(where: { $0.participantID == id }) {
            let wasPointOfOrder = hands[index].kind == .pointOfOrder
            hands[index].kind = kind
            guard kind == .pointOfOrder, !wasPointOfOrder else { return }
            let hand = hands.remove(at: index)
            hands.insert(hand, at: hands.firstIndex { $0.kind != .pointOfOrder } ?? hands.endIndex)
            return
        }
        let hand = RaisedHand(participantID: id, kind: kind, raisedAt: at)
        if kind == .pointOfOrder {
            hands.insert(hand, at: hands.firstIndex { $0.kind != .pointOfOrder } ?? hands.endIndex)
        } else {
            hands.append(hand)
        }
    }

    mutating func lower(_ id: String) {
        hands.removeAll { $0.participantID == id }
    }

    /// Puts the hands in `order` (already checked to be the same ids).
    mutating func reorderHands(_ order: [String]) {
        let byID = Dictionary(hands.map { ($0.participantID, $0) }, uniquingKeysWith: { first, _ in first })
        hands = order.compactMap { byID[$0] }
    }

    mutating func markHand(of id: String, away: Date?) {
        if let index = hands.firstIndex(where: { $0.participantID == id }) { hands[index].awaySince = away }
    }
}
