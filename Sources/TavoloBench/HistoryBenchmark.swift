import ArgumentParser
import Foundation
import TavoloDomain
import TavoloSQLite
import TavoloServer
import TavoloTransport

/// `tavolo-bench history`: writes a synthetic three-hour, five-person session into a fresh SQLite
/// store, then measures the history API in process: opening the history (first request), and
/// jumps to random moments (`state`, `authorship`, `diff`) against the 100 ms target.
struct HistoryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Time to open a long session's history and to jump to any moment in it (issue 7)."
    )

    @Option(help: "Hours of session to simulate.")
    var hours: Double = 3

    @Option(help: "Jumps measured per kind.")
    var jumps: Int = 200

    @Option(help: "Seed of the simulated session and of the moments.")
    var seed: UInt64 = 7

    @Option(help: "PDF/A exports of the minutes measured.")
    var exportRuns: Int = 5

    @Option(help: "Keep a whole document every this many batches.")
    var checkpointStride: Int = 2048

    @Option(help: "Data directory (default: a fresh temporary one, removed afterwards).")
    var dataDirectory: String?

    @Flag(help: "Only write the session into --data-directory and stop (a real data folder with history, for migrate-store's test).")
    var writeOnly = false

    static let targetMilliseconds = 100.0
    static let adminToken = "bench-admin-token-0123456789abcdefghijkl"

    func run() async throws {
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-history-bench-\(UUID().uuidString)").path
        defer { if dataDirectory == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let database = try DatabaseFile.open(directory: directory)
        let store = SQLiteStore(database: database)
        let domain = SQLiteDomainStore(database: database)
        let table = "ambito-anziani", session = "seduta-1"
        try await domain.createTable(CoDesignTable(id: table, title: "Ambito anziani"), by: "bench")

        var clock = Measure.now()
        let summary = try await HistorySession(table: table, hours: hours, seed: seed).write(into: store, session: session)
        print(String(format: "simulated %.1f h: %d batches, %d operations, %d characters typed, %d events (written in %.1f s)",
                     hours, summary.batches, summary.operations, summary.characters, summary.events, Measure.ms(since: clock) / 1000))
        if writeOnly {
            await store.close()
            return
        }

        let tokens = await InvitationTokens(secret: Array("bench-invitation-secret-0123456789abcdef".utf8))
        let api = HistoryAPI(store: store, domain: domain, tokens: tokens, adminToken: Self.adminToken, checkpointStride: checkpointStride)
        func get(_ path: String, _ query: [String: String] = [:]) async throws -> (ms: Double, body: [UInt8]) {
            let start = Measure.now()
            let response = await api.handle(HTTPRequest(
                method: "GET", path: "/api/tables/\(table)" + path, query: query, headers: ["authorization": "Bearer \(Self.adminToken)"]))
            let elapsed = Measure.ms(since: start)
            guard response.status == 200 else {
                throw ValidationError("\(path) \(query) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            }
            return (elapsed, response.body)
        }

        let rssBefore = Measure.status("VmRSS")
        let open = try await get("/history")
        let rssAfter = Measure.status("VmRSS")
        let again = try await get("/history")
        let overview = try JSONSerialization.jsonObject(with: Data(open.body)) as! [String: Any]
        let start = (overview["start"] as! NSNumber).int64Value, end = (overview["end"] as! NSNumber).int64Value
        let texts = (overview["texts"] as! [[String: Any]]).map { $0["path"] as! String }
        // The texts people typed into (the minutes, the project, the proposals' sections).
        let typed = texts.filter {
            switch TableArea(rootKey: String($0.prefix { $0 != "/" })) {
            case .project, .minutes, .proposal: true
            default: false
            }
        }

        var random = BenchRandom(seed: seed &+ 1)
        func moment() -> Int64 { Int64.random(in: start...end, using: &random) }
        var results: [(String, [Double])] = []
        clock = Measure.now()
        var timings: [Double] = []
        for _ in 0..<jumps { timings.append(try await get("/history/state", ["at": "\(moment())"]).ms) }
        results.append(("state (all documents)", timings))
        timings = []
        for _ in 0..<jumps {
            let text = typed[Int.random(in: 0..<typed.count, using: &random)]
            timings.append(try await get("/history/authorship", ["text": text, "at": "\(moment())"]).ms)
        }
        results.append(("authorship", timings))
        timings = []
        for _ in 0..<jumps {
            let text = typed[Int.random(in: 0..<typed.count, using: &random)]
            let a = moment(), b = moment()
            timings.append(try await get("/history/diff", ["text": text, "from": "\(min(a, b))", "to": "\(max(a, b))"]).ms)
        }
        results.append(("diff", timings))
        // Playback: many small steps forward, as the browser's player makes them.
        timings = []
        let stepStart = moment()
        for step in 0..<jumps { timings.append(try await get("/history/state", ["at": "\(stepStart + Int64(step) * 2000)"]).ms) }
        results.append(("state, playback steps of 2 s", timings))

        // Exports of the approved minutes (every format), PDF/A several times: LibreOffice dominates.
        var exports: [(String, [Double], Int)] = []
        for format in ["md", "html", "odt", "docx", "pdf"] {
            var times: [Double] = []
            var size = 0
            guard exportRuns > 0 else { break }
            do {
                for _ in 0..<(format == "pdf" ? exportRuns : 3) {
                    let answer = try await get("/sessions/\(session)/minutes.\(format)")
                    times.append(answer.ms)
                    size = answer.body.count
                }
            } catch {
                // (LibreOffice missing, say): the other figures are still worth printing.
                print("export \(format) failed: \(error)")
                continue
            }
            exports.append((format, times, size))
        }

        let minutes = try await get("/history/authorship", ["text": TableLayout.minutesKey(session: session) + "/" + TableLayout.Minutes.text])
        let finalText = ((try JSONSerialization.jsonObject(with: Data(minutes.body)) as! [String: Any])["text"] as! String).count
        print(String(format: "texts: %d; minutes text at the end: %d characters", texts.count, finalText))
        print("")
        print("| measurement | p50 ms | p95 ms | max ms | target ms | max / target |")
        print("|---|---:|---:|---:|---:|---:|")
        print(String(format: "| open the history (first request) | %.1f | | | | |", open.ms))
        print(String(format: "| overview again (refresh only) | %.1f | | | | |", again.ms))
        for (name, values) in results {
            let sorted = values.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
            print(String(format: "| %@ (%d jumps) | %.1f | %.1f | %.1f | %.0f | %.2f |", name, values.count, percentile(0.5), percentile(0.95),
                         sorted.last ?? 0, Self.targetMilliseconds, (sorted.last ?? 0) / Self.targetMilliseconds))
        }
        print("")
        print("| export of the approved minutes | runs | p50 ms | max ms | size KB |")
        print("|---|---:|---:|---:|---:|")
        for (format, values, size) in exports {
            let sorted = values.sorted()
            print(String(format: "| %@ | %d | %.0f | %.0f | %.0f |", format, values.count, sorted[sorted.count / 2], sorted.last ?? 0, Double(size) / 1024))
        }
        print("")
        print(String(format: "memory: resident %.0f MiB before opening, %.0f MiB after (one table's history); jumps took %.1f s in all",
                     Double(rssBefore) / 1_048_576, Double(rssAfter) / 1_048_576, Measure.ms(since: clock) / 1000))
        await store.close()
    }
}
