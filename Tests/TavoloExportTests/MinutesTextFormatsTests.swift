import Foundation
import Testing
@testable import TavoloExport

@Suite struct MinutesTextFormatsTests {
    let exporter = Exporter()

    @Test func markdownHasEverySectionAttendanceAndDecisions() async throws {
        let file = try await exporter.minutes(Fixtures.record, as: .markdown)
        #expect(file.contentType == "text/markdown; charset=utf-8")
        #expect(file.filename == "verbale-2026-11-23-seduta-1-ambito-anziani.md")
        let text = String(decoding: file.bytes, as: UTF8.self)
        #expect(text.hasPrefix("# Verbale della seduta n. 1 del 23 novembre 2026\n"))
        for heading in [
            "Presenti", "Invitati assenti", "Ordine del giorno", "Svolgimento della seduta", "Decisioni, punti aperti e azioni", "Votazioni",
            "Emendamenti", "Approvazioni", "Impronta del contenuto (SHA-256)",
        ] {
            #expect(text.contains("\n## \(heading)\n"), "missing section \(heading)")
        }
        // The head: procedure, table, session, date, mode, place, link, chair and secretary.
        for fact in [
            "**Procedimento:** Avviso pubblico di co-progettazione dei servizi per gli anziani", "**Riferimento normativo:** art. 55 D.Lgs. 117/2017",
            "**Atto:** Determina n. 123 del 15/09/2026", "**Area di intervento:** Anziani", "**Seduta:** n. 1 – Prima seduta",
            "**Data:** 23 novembre 2026", "**Convocata per:** 23 novembre 2026, ore 15:00", "**Apertura:** ore 15:00", "**Chiusura:** ore 17:30",
            "**Modalità:** mista (in presenza e online)", "**Luogo:** Sala consiliare, Piazza Garibaldi 1, Budrio",
            "**Presidente:** Anna Rossi (Comune di Budrio)", "**Verbalizzante:** Fabio Neri (Studio Facilitazione)",
        ] {
            #expect(text.contains(fact), "missing \(fact)")
        }
        // One row per person, with the minutes present; the absent; the final state of the agenda.
        #expect(text.contains("| Anna Rossi | Comune di Budrio | Pubblica amministrazione | 15:00 | 17:30 | 150 |"))
        #expect(text.contains("| Bruno Bianchi | Coop. Il Ponte | Ente del Terzo settore | 15:05 | 17:30 | 130 |"))
        #expect(text.contains("| Carla Verdi | Associazione Aurora | Ente del Terzo settore |"))
        #expect(text.contains("| 2 | Proposte degli enti | Bruno Bianchi | 45 min | trattato |"))
        #expect(text.contains("| 3 | Calendario |  |  | non trattato |"))
        // Outcomes under their agenda item, dates in Italian; what names no item under "Altro".
        let item2 = try #require(text.range(of: "### Punto 2 – Proposte degli enti"))
        let item3 = try #require(text.range(of: "### Punto 3 – Calendario"))
        let other = try #require(text.range(of: "### Altro"))
        #expect(item2.lowerBound < item3.lowerBound && item3.lowerBound < other.lowerBound)
        #expect(text[item2.upperBound..<item3.lowerBound].contains("| Bruno Bianchi | Inviare la proposta rivista | 1 dicembre 2026 |"))
        #expect(text[item2.upperBound..<item3.lowerBound].contains("- Cofinanziamento da definire"))
        #expect(text[item3.upperBound..<other.lowerBound].contains("1. Si adotta il calendario degli incontri."))
        #expect(text[other.upperBound...].contains("1. Decisione"))
        #expect(!text.contains("Punto 1 – Analisi"))  // nothing decided there: no empty heading
        #expect(text.contains("| Domiciliare | 3 |"))
        #expect(text.contains("`\(Fixtures.hash)`"))
        #expect(text.contains("**Letto, approvato e sottoscritto.**"))
        #expect(text.contains("Presidente della seduta: Anna Rossi \\_") && text.contains("Verbalizzante: Fabio Neri \\_"))
        // The minutes text's own headings sit under the "Svolgimento" section.
        #expect(text.contains("\n### Apertura\n"))
    }

    @Test func markdownEscapesHostileText() async throws {
        let text = String(decoding: try await exporter.minutes(Fixtures.record, as: .markdown).bytes, as: UTF8.self)
        #expect(!text.contains("<script>"))
        #expect(!text.contains("[clic](javascript:"))
        #expect(text.contains(#"\[clic\](javascript:alert(1))"#))
        #expect(text.contains(#"Decisione \<script\>alert("x")\</script\> &amp; \*\*non grassetto\*\* \[clic\](javascript:alert(1)) \| # \` \\"#))
        // A hostile name cannot break the attendance table: its pipe is escaped.
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("| Eve") })
        #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 7)
    }

    @Test func htmlIsSelfContainedItalianAndEscaped() async throws {
        let file = try await exporter.minutes(Fixtures.record, as: .html)
        #expect(file.contentType == "text/html; charset=utf-8")
        let html = String(decoding: file.bytes, as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"it\">"))
        #expect(html.contains("<style>") && html.contains("@media print"))
        #expect(!html.contains("<script") && !html.contains("javascript:alert(1)\""))
        #expect(!html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("<td>Anna Rossi</td><td>Comune di Budrio</td><td>Pubblica amministrazione</td><td>15:00</td><td>17:30</td><td>150</td>"))
        #expect(html.contains("<a href=\"https://meet.example.org/tavolo-anziani\" rel=\"noopener noreferrer\">"))
        #expect(html.contains("<div class=\"signatures\">") && html.contains("<p>Presidente della seduta</p><p class=\"signature-line\"></p><p>Anna Rossi</p>"))
        #expect(html.contains("<li>Si adotta il calendario degli incontri.</li>"))
        #expect(html.contains("<li>Decisione &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; **non grassetto** [clic](javascript:alert(1)) | # ` \\ </li>"))
        #expect(html.contains("<h2>Impronta del contenuto (SHA-256)</h2>\n<p><code>\(Fixtures.hash)</code></p>"))
        // The minutes text is Markdown: its subset becomes HTML, the rest stays text.
        #expect(html.contains("<h3>Apertura</h3>"))
        #expect(html.contains("La seduta si apre con i <strong>saluti</strong> del Comune.<br>\nSeconda riga"))
        #expect(html.contains("<ul>\n<li>primo punto</li>\n<li>secondo punto con <code>codice</code></li>\n</ul>"))
        #expect(html.contains("<ol>\n<li>uno</li>\n<li>due</li>\n</ol>"))
        #expect(html.contains("<blockquote><p>una citazione</p></blockquote>"))
        #expect(html.contains("Testo ostile: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <strong>non grassetto</strong> [clic](javascript:alert(1))"))
    }

    @Test func plainTextCarriesTheSameFacts() async throws {
        let file = try await exporter.minutes(Fixtures.record, as: .text)
        #expect(file.contentType == "text/plain; charset=utf-8")
        let text = String(decoding: file.bytes, as: UTF8.self)
        #expect(text.hasPrefix("Verbale della seduta n. 1 del 23 novembre 2026\n"))
        #expect(text.contains("Anna Rossi | Comune di Budrio | Pubblica amministrazione | 15:00 | 17:30 | 150"))
        #expect(text.contains("Letto, approvato e sottoscritto.") && text.contains("Presidente della seduta: Anna Rossi"))
        #expect(text.contains("1. Decisione <script>"))
        #expect(text.contains(Fixtures.hash))
    }

    @Test func documentExportShowsItsVersionLine() async throws {
        let file = try await exporter.text(
            title: "Progetto condiviso", subtitle: "Ambito anziani · versione del 23/11/2026 16:00", body: "# Obiettivi\nAssistenza <b>domiciliare</b>",
            as: .html, filename: "ambito-anziani-project")
        #expect(file.filename == "ambito-anziani-project.html")
        let html = String(decoding: file.bytes, as: UTF8.self)
        #expect(html.contains("<h1>Progetto condiviso</h1>"))
        #expect(html.contains("<p class=\"subtitle\">Ambito anziani · versione del 23/11/2026 16:00</p>"))
        #expect(html.contains("<h2>Obiettivi</h2>\n<p>Assistenza &lt;b&gt;domiciliare&lt;/b&gt;</p>"))
        let named = try await exporter.text(title: "Attività e risorse: «bozza»", subtitle: "", body: "", as: .markdown)
        #expect(named.filename == "attivita-e-risorse-bozza.md")
    }

    /// Minutes that say "punto 3" must keep the list numbered from 3 in every format.
    @Test func numberedListsKeepTheirFirstNumber() async throws {
        func export(_ format: ExportFormat) async throws -> String {
            let file = try await exporter.text(title: "Verbale", subtitle: "", body: "3) tre\n4) quattro\n\n- punto", as: format)
            return String(decoding: file.bytes, as: UTF8.self)
        }
        #expect(try await export(.markdown).contains("3. tre\n4. quattro\n\n- punto"))
        #expect(try await export(.text).contains("3. tre\n4. quattro"))
        #expect(try await export(.html).contains("<ol start=\"3\">\n<li>tre</li>\n<li>quattro</li>\n</ol>"))
        let content = ZipEntry.read(try await exporter.text(title: "Verbale", subtitle: "", body: "3) tre\n4) quattro", as: .odt).bytes)
            .first { $0.name == "content.xml" }.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
        #expect(content.contains(#"<text:list-item text:start-value="3"><text:p text:style-name="List_20_Contents">tre"#))
    }

    @Test func emptyRecordSaysSoInsteadOfLeavingHoles() async throws {
        let record = MinutesRecord(tableID: "t", tableTitle: "T", sessionID: "s", sessionTitle: "S", contentHash: Fixtures.hash)
        let text = String(decoding: try await exporter.minutes(record, as: .markdown).bytes, as: UTF8.self)
        for line in [
            "Nessuna presenza registrata.", "Nessuna decisione, nessun punto aperto, nessuna azione.", "Nessuna votazione.", "Nessuna approvazione.",
            "**Modalità:** non indicata", "**Presidente:** non indicato", "Nessuno: erano presenti tutti gli invitati.",
        ] {
            #expect(text.contains(line))
        }
    }
}
