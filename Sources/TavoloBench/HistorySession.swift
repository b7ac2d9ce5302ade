import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloServer
import TavoloStorage
import TavoloSync

/// A synthetic co-design session written straight into a store, with synthetic timestamps:
/// five people (a facilitator, a PA officer, three ETS) type for `hours` into the minutes, the
/// shared project and their proposals, in bursts, at about 4 characters a second with some
/// backspacing, each sending a batch every 50–500 ms while typing. Each person's edits are made
/// on their own replica and are concurrent with whatever the others sent since their last batch
/// (as over a real network). Facilitation events: joins, session open and close, turns at the
/// floor every few minutes, polls, agenda items made current, decisions.
struct HistorySession {
    struct Person {
        let replica: String
        let participant: Participant
        var document: Document
        /// Where this person types: text objects and a cursor in each.
        var texts: [ObjectID] = []
        var cursor: [ObjectID: Int] = [:]
        var current: ObjectID?
        var sent = Version()
        /// End of the current burst of typing.
        var activeUntil: Double = 0
        /// When this person next sends something.
        var nextFlush: Double = 0
    }

    let table: String
    let hours: Double
    let seed: UInt64

    struct Summary {
        var batches = 0
        var operations = 0
        var events = 0
        var characters = 0
        var start = Date()
        var end = Date()
    }

    func write(into store: any Store, session: String) async throws -> Summary {
        var random = BenchRandom(seed: seed)
        var summary = Summary()
        let start = Date().addingTimeInterval(-hours * 3600 - 600)
        summary.start = start
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        func event(_ event: TableEvent, actor: String) throws {
            store.appendEvent(StoredEvent(table: table, actor: actor, payload: [UInt8](try encoder.encode(event)), at: event.at)) { _ in }
            summary.events += 1
        }
        var server = Document(replica: "server")
        // Snapshots as the server takes them with its default settings (so many operations, or so
        // long after the first one not yet in a snapshot), so that loading the table for an export
        // starts from one, as it would.
        let settings = SyncSettings()
        var sinceSnapshot = 0
        var firstUnsnapshotted: Date?
        func storeBatch(_ payload: [UInt8], author: String, count: Int, at: Date) {
            store.append(StoredBatch(table: table, author: author, operationCount: count, payload: payload, receivedAt: at)) { _ in }
            summary.batches += 1
            summary.operations += count
            sinceSnapshot += count
            firstUnsnapshotted = firstUnsnapshotted ?? at
            if sinceSnapshot >= settings.snapshotEveryOperations
                || at.timeIntervalSince(firstUnsnapshotted ?? at) >= Double(settings.snapshotEverySeconds)
            {
                store.saveSnapshot(table: table, payload: server.encodeSnapshot()) { _ in }
                sinceSnapshot = 0
                firstUnsnapshotted = nil
            }
        }
        func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

        // The server's objects, as `scaffoldTable` and `scaffold(after:)` make them.
        let organisations = ["Coop Aurora", "Associazione Delta", "Fondazione Ponte"]
        let people: [(String, String, Role, String)] = [
            ("fabio", "Fabio Neri", .facilitator, "Studio Facilitazione"), ("paola", "Paola Rossi", .pa, "Comune di Budrio"),
            ("elena", "Elena Bianchi", .ets, organisations[0]), ("carlo", "Carlo Verdi", .ets, organisations[1]),
            ("giulia", "Giulia Russo", .ets, organisations[2]),
        ]
        let before = server.version
        let project = try server.makeObject(.text, at: TableLayout.projectKey)
        _ = try server.makeObject(.list, at: TableLayout.commentsKey)
        let agenda = try server.makeObject(.list, at: TableLayout.agendaKey(session: session))
        let minutes = try server.makeObject(.map, at: TableLayout.minutesKey(session: session))
        let minutesText = try server.makeObject(.text, at: TableLayout.Minutes.text, in: minutes)
        var decisions = ObjectID.root
        for list in TableLayout.Minutes.lists {
            let made = try server.makeObject(.list, at: list, in: minutes)
            if list == TableLayout.Minutes.decisions { decisions = made }
        }
        var sections: [String: [ObjectID]] = [:]
        for organisation in organisations {
            let proposal = try server.makeObject(.map, at: TableLayout.proposalKey(organisation: organisation))
            try server.set(TableLayout.Proposal.organisation, to: .string(organisation), in: proposal)
            sections[organisation] = try TableLayout.Proposal.sections.map {
                try server.makeObject(.text, at: $0, in: proposal)
            }
        }
        storeBatch(server.encodedOperations(since: before), author: "server", count: server.operationCount, at: at(0))
        try event(.sessionScheduled(session: session, title: "Seduta di co-progettazione", at: at(0)), actor: "invitation:fabio")

        var crowd: [Person] = []
        for (id, name, role, organisation) in people {
            let participant = Participant(id: "invitation:\(id)", name: name, organisation: organisation, role: role)
            var person = Person(replica: "\(id)-tab1", participant: participant, document: Document(replica: "\(id)-tab1"))
            try person.document.apply(encoded: server.encodedOperations())
            person.sent = person.document.version
            switch role {
            case .facilitator: person.texts = [minutesText, minutesText, minutesText, project]
            case .pa: person.texts = [project, project, minutesText]
            default: person.texts = (sections[organisation] ?? []) + [project]
            }
            person.nextFlush = 30 + random.double(in: 0...60)
            crowd.append(person)
            store.recordReplica(person.replica, principal: participant.id, table: table)
            try event(.joined(participant, at: at(5 + Double(crowd.count))), actor: participant.id)
        }
        try event(.sessionOpened(session: session, at: at(20)), actor: "invitation:fabio")

        let end = hours * 3600
        var nextFacilitation = 120.0
        var floorHolder: String?
        var agendaItems: [ObjectID] = []
        var polls = 0
        let words = ["servizio", "anziani", "comune", "progetto", "risorse", "territorio", "famiglie", "trasporto", "attività",
                     "co-progettazione", "rete", "volontari", "sede", "bilancio", "obiettivo", "monitoraggio", "minori", "casa"]
        while true {
            // The next thing to happen: someone's batch, or a facilitation step.
            guard let index = crowd.indices.min(by: { crowd[$0].nextFlush < crowd[$1].nextFlush }) else { break }
            let now = min(crowd[index].nextFlush, nextFacilitation)
            if now >= end { break }
            if nextFacilitation <= crowd[index].nextFlush {
                // Every 2–6 minutes: a turn at the floor ends and another starts; sometimes a poll,
                // an agenda item becomes current, a decision is written down.
                let speaker = crowd[random.int(in: 1...4)].participant.id
                if floorHolder != nil { try event(.floorReleased(at: at(now)), actor: "invitation:fabio") }
                try event(.floorGiven(participantID: speaker, at: at(now + 0.5)), actor: "invitation:fabio")
                floorHolder = speaker
                if random.int(in: 0...5) == 0 {
                    polls += 1
                    let poll = Poll(id: "poll-\(polls)", question: "Sondaggio \(polls)?", options: ["Sì", "No"], multipleChoice: false, anonymous: true)
                    try event(.pollCreated(poll, at: at(now + 1)), actor: "invitation:fabio")
                    for voter in crowd.dropFirst() {
                        try event(.voteCast(poll: poll.id, participantID: voter.participant.id, choices: [random.int(in: 0...1)], at: at(now + 20)), actor: voter.participant.id)
                    }
                    try event(.pollClosed(poll: poll.id, at: at(now + 60)), actor: "invitation:fabio")
                    try event(.pollResultsShown(poll: poll.id, at: at(now + 61)), actor: "invitation:fabio")
                }
                var fabio = crowd[0]
                let before = fabio.document.version
                if agendaItems.count < 12, random.int(in: 0...2) == 0 {
                    let item = try fabio.document.makeObject(.map, at: fabio.document.values(in: agenda).count, in: agenda)
                    try fabio.document.set("title", to: .string("Punto \(agendaItems.count + 1)"), in: item)
                    try fabio.document.set("status", to: .string("current"), in: item)
                    if let previous = agendaItems.last { try fabio.document.set("status", to: .string("done"), in: previous) }
                    agendaItems.append(item)
                }
                if random.int(in: 0...3) == 0 {
                    let decision = try fabio.document.makeObject(.map, at: fabio.document.values(in: decisions).count, in: decisions)
                    try fabio.document.set(TableLayout.Minutes.itemText, to: .string("Decisione sul \(words[random.int(in: 0...words.count - 1)])"), in: decision)
                }
                if fabio.document.version != before {
                    let payload = fabio.document.encodedOperations(since: fabio.sent)
                    let count = fabio.document.version[fabio.replica] - fabio.sent[fabio.replica]
                    try server.apply(encoded: payload)
                    storeBatch(payload, author: fabio.replica, count: count, at: at(now))
                    fabio.sent = fabio.document.version
                }
                crowd[0] = fabio
                nextFacilitation = now + random.double(in: 120...360)
                continue
            }

            var person = crowd[index]
            if now >= person.activeUntil {
                // Their browser received everything live during the pause: only what they type
                // from here on is concurrent with the others' (as over a real connection).
                try person.document.apply(encoded: server.encodedOperations(since: person.document.version))
                // A pause ended: pick a text and a place in it (mostly the end), type for 20 s – 2 min.
                let text = person.texts[random.int(in: 0...person.texts.count - 1)]
                let length = person.document.textLength(text)
                person.current = text
                person.cursor[text] = random.int(in: 0...3) == 0 ? random.int(in: 0...max(0, length)) : length
                person.activeUntil = now + random.double(in: 20...120)
            }
            // Type what fits in this interval (about 4 characters a second), then send it.
            let interval = random.double(in: 0.05...0.5)
            guard let text = person.current else { continue }
            var characters = max(1, Int((interval * 4).rounded()))
            let length = person.document.textLength(text)
            var cursor = min(person.cursor[text] ?? length, length)
            while characters > 0 {
                if random.int(in: 0...9) == 0, cursor > 0 {
                    try person.document.deleteText(at: cursor - 1, count: 1, in: text)
                    cursor -= 1
                } else {
                    let word = words[random.int(in: 0...words.count - 1)] + (random.int(in: 0...7) == 0 ? ". " : " ")
                    let piece = String(word.prefix(characters))
                    try person.document.insertText(piece, at: cursor, in: text)
                    cursor += piece.unicodeScalars.count
                    summary.characters += piece.unicodeScalars.count
                    characters -= piece.unicodeScalars.count
                    continue
                }
                characters -= 1
            }
            person.cursor[text] = cursor
            let own = person.document.version[person.replica] - person.sent[person.replica]
            if own > 0 {
                let payload = person.document.encodedOperations(since: person.sent)
                try server.apply(encoded: payload)
                storeBatch(payload, author: person.replica, count: own, at: at(now))
            }
            // Then hear everything the others sent meanwhile.
            let missing = server.encodedOperations(since: person.document.version)
            try person.document.apply(encoded: missing)
            person.sent = person.document.version
            // The next batch, or after this burst a pause of 1–5 minutes.
            person.nextFlush = now + interval < person.activeUntil ? now + interval : person.activeUntil + random.double(in: 60...300)
            crowd[index] = person
        }
        if floorHolder != nil { try event(.floorReleased(at: at(end)), actor: "invitation:fabio") }
        try event(.sessionClosed(session: session, at: at(end + 1)), actor: "invitation:fabio")
        for person in crowd { try event(.left(participantID: person.participant.id, at: at(end + 30)), actor: person.participant.id) }
        // The members approve the minutes as they read at the close, so they can be exported.
        let hash = MinutesContent.hash(of: server, session: session)
        for person in crowd where person.participant.role == .pa || person.participant.role == .ets {
            try event(.minutesApprovedBy(session: session, participantID: person.participant.id, contentHash: hash, at: at(end + 60)), actor: person.participant.id)
        }
        try event(.minutesApproved(session: session, contentHash: hash, at: at(end + 61)), actor: "server")
        summary.end = at(end + 61)
        await withCheckedContinuation { continuation in store.afterPendingWrites { continuation.resume() } }
        return summary
    }
}

/// A seeded generator, so every run writes the same session.
struct BenchRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func double(in range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }
}
