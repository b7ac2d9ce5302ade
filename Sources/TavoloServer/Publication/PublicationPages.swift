import Foundation
import TavoloDomain
import TavoloExport
import TavoloStorage
import TavoloTransport

/// The public pages of transparency (D.Lgs. 33/2013): for each procedure, its data, its
/// published tables and each approved verbale as PDF with its content hash — no token needed.
/// Only what is approved and published is ever here: a table is listed once an administrator
/// publishes it (`PUT /api/tables/{id}/publication`), and of its sessions only the approved.
///
/// - `GET /pubblico`: the procedures that have something published.
/// - `GET /pubblico/{procedure}`: the procedure's page.
/// - `GET /pubblico/{procedure}/{table}/{session}.pdf`: the verbale. With the procedure's
///   `publicInitialsOnly`, the PDF is made anew with natural persons' names as initials (a signed
///   copy cannot be altered, so it is then not served here); otherwise the signed copy when
///   there is one, else the approved verbale as exported.
struct PublicationPages: Sendable {
    let store: any Store
    let domain: any DomainStore
    let exporter: Exporter
    let cache: PublicFileCache

    init(store: any Store, domain: any DomainStore, exporter: Exporter = Exporter(), cache: PublicFileCache = PublicFileCache()) {
        self.store = store
        self.domain = domain
        self.exporter = exporter
        self.cache = cache
    }

    func register(in router: inout Router) {
        router.get("/pubblico") { _ in try await index() }
        router.get("/pubblico/\(.procedure)") { request in try await page(request.parameters[.procedure]) }
        router.get("/pubblico/\(.procedure)/\(.table)/\(.session)", head: false) { request in
            try await verbale(procedure: request.parameters[.procedure], table: request.parameters[.table], file: request.parameters[.session])
        }
    }

    // MARK: pages

    private func index() async throws -> HTTPResponse {
        var items: [String] = []
        for procedure in try await domain.procedures() where try await !publishedTables(of: procedure.id).isEmpty {
            items.append(#"<li><a href="/pubblico/\#(PublicHTML.attribute(procedure.id))">\#(PublicHTML.text(procedure.title))</a></li>"#)
        }
        let body = items.isEmpty
            ? "<p>Non ci sono ancora verbali pubblicati.</p>"
            : "<ul class=\"procedures\">\(items.joined())</ul>"
        return PublicHTML.page(title: "Verbali dei tavoli di coprogettazione", body: "<h1>Verbali dei tavoli di coprogettazione</h1>\(body)")
    }

    private func page(_ id: String) async throws -> HTTPResponse {
        guard let procedure = try await domain.procedure(id) else { return PublicHTML.notFound("Il procedimento «\(id)» non esiste.") }
        var body = "<header><p class=\"kicker\">Procedimento</p><h1>\(PublicHTML.text(procedure.title))</h1><dl>"
        if !procedure.legalBasis.isEmpty { body += "<dt>Riferimento normativo</dt><dd>\(PublicHTML.text(procedure.legalBasis))</dd>" }
        if !procedure.actReference.isEmpty { body += "<dt>Atto</dt><dd>\(PublicHTML.text(procedure.actReference))</dd>" }
        if !procedure.areas.isEmpty { body += "<dt>Aree di intervento</dt><dd>\(procedure.areas.map(PublicHTML.text).joined(separator: ", "))</dd>" }
        body += "</dl></header>"
        let tables = try await publishedTables(of: id)
        if tables.isEmpty { body += "<p>Non ci sono ancora verbali pubblicati per questo procedimento.</p>" }
        let names = ItalianText()
        for table in tables {
            body += "<section aria-labelledby=\"t-\(PublicHTML.attribute(table.id))\"><h2 id=\"t-\(PublicHTML.attribute(table.id))\">\(PublicHTML.text(table.title))</h2>"
            if !table.area.isEmpty { body += "<p class=\"area\">Area: \(PublicHTML.text(table.area))</p>" }
            let state = try await sessionsState(of: table.id)
            let signed = try await domain.signedCopies(table: table.id)
            let approved = state.sessions.enumerated().filter { $0.element.status == .approved }
            if approved.isEmpty { body += "<p>Nessun verbale approvato.</p>" }
            body += "<ul class=\"verbali\">"
            for (index, session) in approved {
                let day = session.openedAt ?? session.details.scheduledAt ?? session.approvedAt
                let label = "Seduta n. \(index + 1)" + (day.map { " del \(names.longDate($0))" } ?? "") + " – " + session.title
                let file = "/pubblico/\(id)/\(table.id)/\(session.id).pdf"
                let isSigned = signed.contains { $0.session == session.id } && !procedure.publicInitialsOnly
                // Each link names its session, so a list of links read alone still says which is which.
                body += "<li><p class=\"session\">\(PublicHTML.text(label))</p><p><a href=\"\(PublicHTML.attribute(file))\" download>"
                    + "Verbale della seduta n. \(index + 1) (PDF\(isSigned ? ", copia firmata digitalmente" : ""))</a></p>"
                    + "<p class=\"hash\">Impronta SHA-256 del contenuto approvato: <code>\(PublicHTML.text(session.approvedContentHash ?? ""))</code></p></li>"
            }
            body += "</ul></section>"
        }
        body += "<footer><p><a href=\"/pubblico\">Tutti i procedimenti</a></p><p>L’impronta identifica il contenuto del verbale approvato (testo, decisioni, punti aperti, azioni): "
            + "si trova anche nei metadati del PDF (parola chiave «tavolo-sha256»)."
            + (procedure.publicInitialsOnly
                ? " Su questa pagina e nei verbali qui pubblicati i nomi delle persone sono ridotti alle iniziali; il testo del verbale è riportato com’è stato approvato."
                : "")
            + "</p></footer>"
        return PublicHTML.page(title: procedure.title, body: body)
    }

    private func verbale(procedure id: String, table tableID: String, file: String) async throws -> HTTPResponse {
        guard file.hasSuffix(".pdf"), file.count > 4 else { return PublicHTML.notFound("Questo verbale non esiste.") }
        let sessionID = String(file.dropLast(4))
        guard let procedure = try await domain.procedure(id),
            let table = try await publishedTables(of: id).first(where: { $0.id == tableID })
        else { return PublicHTML.notFound("Questo verbale non è pubblicato.") }
        guard let session = try await sessionsState(of: table.id).sessions.first(where: { $0.id == sessionID }), session.status == .approved,
            let hash = session.approvedContentHash
        else { return PublicHTML.notFound("Questo verbale non è pubblicato.") }
        if !procedure.publicInitialsOnly, let copy = try await domain.signedCopies(table: table.id).last(where: { $0.session == sessionID }),
            copy.kind == "pades"
        {
            return HistoryAPI.attachment(ExportedFile(contentType: "application/pdf", filename: "verbale-\(table.id)-\(sessionID)-firmato.pdf", bytes: copy.bytes))
        }
        let key = PublicFileCache.Key(table: table.id, session: sessionID, contentHash: hash, initials: procedure.publicInitialsOnly)
        let file = try await cache.file(for: key) { [store, domain] in
            // The whole table is loaded only to make a PDF the cache does not have yet.
            let archive = try await TableArchive.load(table: table.id, store: store, domain: domain)
            let approved = try archive.minutes(session: sessionID)
            let record = procedure.publicInitialsOnly ? approved.withInitials() : approved
            return try await ExportSlots.shared.run { try await exporter.minutes(record, as: .pdf) }
        }
        return HistoryAPI.attachment(file)
    }

    /// The table's state from its events alone: enough to list sessions, without loading the
    /// document (an anonymous page view must not replay a table's whole log).
    private func sessionsState(of table: String) async throws -> TableState {
        LoadedTableData(isRegistered: true, title: nil, events: try await store.events(table: table)).state
    }

    /// The tables of a procedure whose verbali are published.
    private func publishedTables(of procedure: String) async throws -> [CoDesignTable] {
        try await domain.tables().filter { $0.procedure == procedure && $0.publishedAt != nil }
    }
}

/// The public PDFs made so far: LibreOffice takes a second or more, and a public page may be
/// read by many. Keyed by the approved content hash, so an entry can never be stale.
actor PublicFileCache {
    struct Key: Hashable {
        var table: String
        var session: String
        var contentHash: String
        var initials: Bool
    }

    private var files: [Key: ExportedFile] = [:]
    private var order: [Key] = []
    let capacity: Int

    init(capacity: Int = 32) { self.capacity = capacity }

    func file(for key: Key, make: @Sendable () async throws -> ExportedFile) async throws -> ExportedFile {
        if let file = files[key] { return file }
        let file = try await make()
        files[key] = file
        order.append(key)
        if order.count > capacity { files[order.removeFirst()] = nil }
        return file
    }
}

/// The public pages' HTML: Italian, readable on a phone, every text escaped. Its style sheet is
/// the static file `web/pubblico.css`: the transport's security headers (CSP `style-src 'self'`)
/// refuse inline styles, which left the first version of this page unstyled.
enum PublicHTML {
    static func page(title: String, body: String, status: Int = 200) -> HTTPResponse {
        let html = """
            <!DOCTYPE html>
            <html lang="it">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(text(title)) – Tavolo</title>
            <link rel="stylesheet" href="/pubblico.css">
            </head>
            <body>
            <main>
            \(body)
            </main>
            </body>
            </html>

            """
        return HTTPResponse(status: status, contentType: "text/html; charset=utf-8", headers: [("Cache-Control", "no-cache")], body: Array(html.utf8))
    }

    static func notFound(_ message: String) -> HTTPResponse {
        page(title: "Pagina non trovata", body: "<h1>Pagina non trovata</h1><p>\(text(message))</p><p><a href=\"/pubblico\">Tutti i procedimenti</a></p>", status: 404)
    }

    static func text(_ value: String) -> String { HTMLWriter.escape(value) }

    static func attribute(_ value: String) -> String { text(value) }
}
