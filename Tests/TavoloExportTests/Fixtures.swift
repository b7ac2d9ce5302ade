import Foundation
import TavoloDomain
import TavoloExport

/// A session of an elderly-care table as the minutes record it, with one hostile text in
/// every kind of field a person can type into.
enum Fixtures {
    static let hostile = #"<script>alert("x")</script> & **non grassetto** [clic](javascript:alert(1)) | # ` \ "#

    static func at(_ hour: Int, _ minute: Int) -> Date {
        // 23 November 2026, Europe/Rome is UTC+1 in November.
        Date(timeIntervalSince1970: 1_795_392_000 + Double((hour - 1) * 3600 + minute * 60))
    }

    static var record: MinutesRecord {
        var record = MinutesRecord(
            tableID: "ambito-anziani", tableTitle: "Ambito anziani – Distretto Pianura Est", sessionID: "seduta-1",
            sessionTitle: "Prima seduta", openedAt: at(15, 0), closedAt: at(17, 30),
            agenda: [
                .init(id: "fabio@10", title: "Analisi dei bisogni", presenter: "Anna Rossi", minutes: 30, status: "done"),
                .init(id: "fabio@20", title: "Proposte degli enti", presenter: "Bruno Bianchi", minutes: 45, status: "current"),
                .init(id: "fabio@30", title: "Calendario", presenter: "", status: "todo"),
            ],
            attendance: [
                .init(name: "Fabio Neri", organisation: "Studio Facilitazione", role: .facilitator, from: at(14, 55), to: at(17, 31), minutesPresent: 156),
                .init(name: "Anna Rossi", organisation: "Comune di Budrio", role: .pa, from: at(15, 0), to: at(17, 30), minutesPresent: 150),
                .init(name: "Bruno Bianchi", organisation: "Coop. Il Ponte", role: .ets, from: at(15, 5), to: at(17, 30), minutesPresent: 130),
                .init(name: "Eve \(hostile)", organisation: "Org \(hostile)", role: .ets, from: at(16, 0), to: nil),
            ],
            minutesText: """
                # Apertura
                La seduta si apre con i **saluti** del Comune.
                Seconda riga dello stesso paragrafo.

                - primo punto
                - secondo punto con `codice`

                1. uno
                2. due

                > una citazione

                Testo ostile: \(hostile)
                """,
            decisions: [.init("Si adotta il calendario degli incontri.", item: "fabio@30"), "Decisione \(hostile)"],
            openPoints: [.init("Cofinanziamento da definire", item: "fabio@20")],
            actions: [.init(who: "Bruno Bianchi", what: "Inviare la proposta rivista", due: "2026-12-01", item: "fabio@20")],
            polls: [.init(question: "Servizio domiciliare o diurno?", options: ["Domiciliare", "Diurno"], counts: [3, 1], anonymous: true)],
            amendments: [.init(text: "Correggere l'orario di inizio", status: "accepted", author: "Bruno Bianchi (Coop. Il Ponte)")],
            approvals: [
                .init(name: "Anna Rossi", organisation: "Comune di Budrio", role: .pa, at: at(18, 0), contentHash: hash),
                .init(name: "Bruno Bianchi", organisation: "Coop. Il Ponte", role: .ets, at: at(18, 5), contentHash: hash),
            ],
            contentHash: hash, approvedAt: at(18, 5))
        record.tableArea = "Anziani"
        record.procedure = .init(
            title: "Avviso pubblico di co-progettazione dei servizi per gli anziani", legalBasis: "art. 55 D.Lgs. 117/2017",
            actReference: "Determina n. 123 del 15/09/2026")
        record.sessionNumber = 1
        record.scheduledAt = at(15, 0)
        record.mode = .mixed
        record.place = "Sala consiliare, Piazza Garibaldi 1, Budrio"
        record.meetingLink = "https://meet.example.org/tavolo-anziani"
        record.chair = .init(name: "Anna Rossi", organisation: "Comune di Budrio", role: .pa)
        record.secretary = .init(name: "Fabio Neri", organisation: "Studio Facilitazione", role: .facilitator)
        record.absent = [.init(name: "Carla Verdi", organisation: "Associazione Aurora", role: .ets)]
        return record
    }

    static let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
}

/// The entries of a ZIP archive as its local headers describe them, in order.
struct ZipEntry {
    var name: String
    var method: UInt16
    var extraLength: Int
    var crc: UInt32
    var data: [UInt8]

    static func read(_ bytes: [UInt8]) -> [ZipEntry] {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        var entries: [ZipEntry] = []
        var at = 0
        while at + 30 <= bytes.count, u32(at) == 0x0403_4b50 {
            let nameLength = Int(u16(at + 26)), extraLength = Int(u16(at + 28)), size = Int(u32(at + 18))
            let name = String(decoding: bytes[(at + 30)..<(at + 30 + nameLength)], as: UTF8.self)
            let start = at + 30 + nameLength + extraLength
            entries.append(ZipEntry(name: name, method: u16(at + 8), extraLength: extraLength, crc: u32(at + 14), data: Array(bytes[start..<(start + size)])))
            at = start + size
        }
        return entries
    }
}
