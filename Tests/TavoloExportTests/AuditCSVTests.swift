import Foundation
import Testing
@testable import TavoloExport

@Suite struct AuditCSVTests {
    @Test func quotingFollowsRFC4180() {
        let rows = [
            AuditRow(at: Date(timeIntervalSince1970: 1_795_431_369.042), actor: "admin", action: "table.created", table: "ambito", detail: #"{"title":"Anziani, \"Pianura\""}"#),
            AuditRow(at: Date(timeIntervalSince1970: 0), actor: "invitation:4f", action: "member.joined", table: "ambito", detail: "riga\r\nnuova"),
            AuditRow(at: Date(timeIntervalSince1970: 1), actor: "server", action: "member.left", table: "ambito", detail: "{}"),
        ]
        let file = Exporter().auditCSV(rows, filename: "audit-ambito.csv")
        #expect(file.contentType == "text/csv; charset=utf-8")
        #expect(file.filename == "audit-ambito.csv")
        let lines = [
            "at,actor,action,table,detail",
            #"2026-11-23T10:56:09.042Z,admin,table.created,ambito,"{""title"":""Anziani, \""Pianura\""""}""#,
            "1970-01-01T00:00:00.000Z,invitation:4f,member.joined,ambito,\"riga\r\nnuova\"",
            "1970-01-01T00:00:01.000Z,server,member.left,ambito,{}",
        ]
        #expect(String(decoding: file.bytes, as: UTF8.self) == lines.joined(separator: "\r\n") + "\r\n")
    }

    @Test func fieldsThatNeedNoQuotesStayBare() {
        #expect(AuditCSV.field("semplice") == "semplice")
        #expect(AuditCSV.field("a\"b") == "\"a\"\"b\"")
        #expect(AuditCSV.field("a\nb") == "\"a\nb\"")
        #expect(AuditCSV.field("") == "")
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(AuditCSV.timestamp(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(AuditCSV.timestamp(Date(timeIntervalSince1970: 1_795_431_369.999)) == "2026-11-23T10:56:09.999Z")
        // The nearest millisecond, as the audit message's `at` (1795431369043 and 1795431370000).
        #expect(AuditCSV.timestamp(Date(timeIntervalSince1970: 1_795_431_369.042_718)) == "2026-11-23T10:56:09.043Z")
        #expect(AuditCSV.timestamp(Date(timeIntervalSince1970: 1_795_431_369.999_6)) == "2026-11-23T10:56:10.000Z")
    }
}
