import ArgumentParser
import Crypto
import Foundation
import Logging
import TavoloPostgres
import TavoloSQLite
import TavoloStorage

/// `tavolo migrate-store --from sqlite:PATH --to postgres:URL`: copies a whole deployment (every
/// table of the record, ids and sequence numbers kept) into an empty PostgreSQL database in one
/// transaction, then reads both sides back and compares them table by table: row counts and a
/// SHA-256 of every row's content. Run it with the node stopped.
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a deployment from SQLite into an empty PostgreSQL database, and verify the copy.",
        discussion: """
            --from sqlite:PATH   the data folder (holding tavolo.sqlite) of a stopped server
            --to postgres:URL    postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=…  (must hold no rows yet)
            Afterwards start the nodes with store: postgres and the same invitationSecret and adminToken
            (copy invitation.key and admin.key from PATH, or set both in the configuration).
            """)

    @Option(help: "sqlite:PATH (the data folder).") var from: String
    @Option(help: "postgres:URL.") var to: String
    @Option(help: "PostgreSQL connections to use.") var poolSize: Int = 4
    @Flag(help: "Copy nothing: only compare the two (after a copy, or to check one later).") var verifyOnly = false

    func run() async throws {
        guard from.hasPrefix("sqlite:") else { throw ValidationError("--from must be sqlite:PATH") }
        var folder = String(from.dropFirst("sqlite:".count))
        if folder.hasSuffix("/tavolo.sqlite") { folder = String(folder.dropLast("/tavolo.sqlite".count)) }
        guard FileManager.default.fileExists(atPath: folder + "/tavolo.sqlite") else {
            throw ValidationError("no tavolo.sqlite in \(folder)")
        }
        let url = to.hasPrefix("postgres:postgres") ? String(to.dropFirst("postgres:".count)) : to
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else { throw ValidationError("--to must be postgres:URL") }

        let source = SQLiteRecordRows(database: try DatabaseFile.open(directory: folder))
        let pool = try await PostgresPool.open(try PostgresLocation(url: url, poolSize: poolSize), logger: Logger(label: "tavolo.migrate"))
        let target = PostgresRecordRows(pool: pool)
        do {
            if !verifyOnly { try await Self.copy(from: source, to: target) }
            let report = try await Self.verify(source, target)
            for line in report.lines { print(line) }
            print("Copia verificata / copy verified: \(report.rows) rows in \(report.tables) tables to \(pool.location)")
        } catch {
            await pool.close()
            throw CommandFailure("\(error)")
        }
        await pool.close()
    }

    struct Report {
        var lines: [String] = []
        var rows = 0
        var tables = 0
    }

    /// Every table in one transaction; the target must be empty.
    static func copy(from source: some RecordRows, to target: some RecordRows) async throws {
        var copied: [(RecordTable, [[RecordValue]])] = []
        for table in RecordTable.all { copied.append((table, try await source.rows(of: table))) }
        try await target.importRecord(copied)
    }

    /// Reads both sides again and compares counts and content hashes; throws on the first table that differs.
    static func verify(_ source: some RecordRows, _ target: some RecordRows) async throws -> Report {
        var report = Report()
        for table in RecordTable.all {
            let (sourceCount, targetCount) = (try await source.count(of: table), try await target.count(of: table))
            let (sourceHash, targetHash) = (digest(try await source.rows(of: table)), digest(try await target.rows(of: table)))
            guard sourceCount == targetCount, sourceHash == targetHash else {
                throw CommandFailure(
                    "\(table.name) differs after the copy: \(sourceCount) rows (sha256 \(sourceHash)) in SQLite, "
                        + "\(targetCount) rows (sha256 \(targetHash)) in PostgreSQL")
            }
            report.lines.append("\(table.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(sourceCount).leftPadded(8)) rows  sha256 \(sourceHash)  ok")
            report.rows += sourceCount
            report.tables += 1
        }
        return report
    }

    /// SHA-256 over every row's canonical encoding, in the table's order.
    static func digest(_ rows: [[RecordValue]]) -> String {
        var hash = SHA256()
        var buffer: [UInt8] = []
        for row in rows {
            buffer.removeAll(keepingCapacity: true)
            for value in row { value.appendCanonical(to: &buffer) }
            hash.update(data: buffer)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
