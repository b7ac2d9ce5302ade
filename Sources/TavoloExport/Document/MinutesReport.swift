import Foundation

/// The approved verbale as a report, in Italian: the one place that decides what the minutes
/// documents contain and in which order. It follows the shape of a PA's verbale of a
/// collegial meeting: the act and the meeting (procedure, table, session, date, place and
/// mode, chair and secretary), who was present and who was absent, the agenda and how far it
/// got, what was said and decided item by item, votes, the review, the approvals, the content
/// hash, and the closing formula with the signatures.
extension Report {
    init(minutes record: MinutesRecord, text: ItalianText) {
        var blocks: [Block] = []
        func section(_ title: String) { blocks.append(.heading(level: 2, [.text(title)])) }
        func field(_ label: String, _ value: String) -> [Inline] { [.strong([.text(label + ":")]), .text(" " + value)] }
        func lines(_ fields: [[Inline]]) -> Block { .paragraph(Array(fields.joined(separator: [.lineBreak]))) }
        func person(_ who: MinutesRecord.Person?) -> String {
            guard let who else { return "non indicato" }
            return who.organisation.isEmpty ? who.name : "\(who.name) (\(who.organisation))"
        }
        let closed = record.closedAt != nil

        // The act and the meeting.
        var act: [[Inline]] = []
        if let procedure = record.procedure {
            act.append(field("Procedimento", procedure.title))
            if !procedure.legalBasis.isEmpty { act.append(field("Riferimento normativo", procedure.legalBasis)) }
            if !procedure.actReference.isEmpty { act.append(field("Atto", procedure.actReference)) }
        }
        act.append(field("Tavolo di coprogettazione", record.tableTitle))
        if !record.tableArea.isEmpty { act.append(field("Area di intervento", record.tableArea)) }
        act.append(field("Seduta", (record.sessionNumber.map { "n. \($0) – " } ?? "") + record.sessionTitle))
        blocks.append(lines(act))

        var meeting: [[Inline]] = []
        if let day = record.meetingDay { meeting.append(field("Data", text.longDate(day))) }
        if let scheduled = record.scheduledAt { meeting.append(field("Convocata per", "\(text.longDate(scheduled)), ore \(text.clock(scheduled))")) }
        if let opened = record.openedAt { meeting.append(field("Apertura", "ore \(text.clock(opened))")) }
        if let closedAt = record.closedAt {
            let sameDay = record.openedAt.map { text.isoDay($0) == text.isoDay(closedAt) } ?? true
            meeting.append(field("Chiusura", sameDay ? "ore \(text.clock(closedAt))" : "\(text.longDate(closedAt)), ore \(text.clock(closedAt))"))
        }
        meeting.append(field("Modalità", record.mode.map(ItalianText.mode) ?? "non indicata"))
        if !record.place.isEmpty { meeting.append(field("Luogo", record.place)) }
        if !record.meetingLink.isEmpty { meeting.append([.strong([.text("Collegamento:")]), .text(" "), .link(text: [.text(record.meetingLink)], url: record.meetingLink)]) }
        meeting.append(field("Presidente", person(record.chair)))
        meeting.append(field("Verbalizzante", person(record.secretary)))
        meeting.append(field("Orari", text.zoneName))
        blocks.append(lines(meeting))

        section("Presenti")
        if record.attendance.isEmpty {
            blocks.append(.paragraph([.text("Nessuna presenza registrata.")]))
        } else {
            let day = record.meetingDay
            blocks.append(.table(
                header: ["Nome", "Organizzazione", "Ruolo", "Entrata", "Uscita", "Minuti"],
                rows: record.attendance.map { entry in
                    [entry.name, entry.organisation, entry.role.italianLabel, text.time(entry.from, sameDayAs: day),
                     entry.to.map { text.time($0, sameDayAs: day) } ?? "—", entry.minutesPresent.map { $0 < 1 ? "meno di 1" : String($0) } ?? "—"]
                }))
            if let day {
                blocks.append(.paragraph([.emphasis([.text(
                    "Entrata: il primo collegamento o ingresso; uscita: l'ultimo abbandono; minuti: il tempo di presenza complessivo. "
                        + "Gli orari senza data sono del \(text.longDate(day)).")])]))
            }
        }

        section("Invitati assenti")
        blocks.append(record.absent.isEmpty
            ? .paragraph([.text("Nessuno: erano presenti tutti gli invitati.")])
            : .table(header: ["Nome", "Organizzazione", "Ruolo"], rows: record.absent.map { [$0.name, $0.organisation, $0.role.italianLabel] }))

        section("Ordine del giorno")
        if record.agenda.isEmpty {
            blocks.append(.paragraph([.text("Nessun punto all'ordine del giorno.")]))
        } else {
            blocks.append(.table(
                header: ["N.", "Punto", "Chi presenta", "Tempo previsto", "Esito"],
                rows: record.agenda.enumerated().map { index, item in
                    ["\(index + 1)", item.title, item.presenter, item.minutes.map { "\($0) min" } ?? "",
                     ItalianText.agendaStatus(item.status, sessionClosed: closed)]
                }))
        }

        section("Svolgimento della seduta")
        let minutes = MarkdownParser.parse(record.minutesText)
        // The minutes text's own headings sit below this section's.
        blocks += minutes.isEmpty ? [.paragraph([.text("Nessun testo.")])] : minutes.map { $0.nested(under: 2) }

        section("Decisioni, punti aperti e azioni")
        blocks += Self.outcomes(of: record)

        section("Votazioni")
        if record.polls.isEmpty { blocks.append(.paragraph([.text("Nessuna votazione.")])) }
        for poll in record.polls {
            blocks.append(.heading(level: 3, [.text(poll.question)]))
            let kind = [
                poll.multipleChoice ? "scelta multipla" : "scelta singola",
                poll.anonymous ? "anonima" : "palese",
                poll.closed ? "chiusa" : "aperta",
            ]
            blocks.append(.paragraph([.emphasis([.text(kind.joined(separator: " · ").capitalizedFirst)])]))
            if poll.counts.isEmpty {
                // The facilitator never showed the results to the table.
                blocks.append(.paragraph([.text("Opzioni: " + poll.options.joined(separator: "; ") + ". Risultati non mostrati al tavolo.")]))
            } else {
                blocks.append(.table(
                    header: ["Opzione", "Voti"],
                    rows: poll.options.enumerated().map { index, option in
                        [option, poll.counts.indices.contains(index) ? "\(poll.counts[index])" : "0"]
                    }))
            }
        }

        section("Emendamenti")
        blocks.append(record.amendments.isEmpty
            ? .paragraph([.text("Nessun emendamento.")])
            : .table(header: ["Testo", "Proposto da", "Esito"],
                     rows: record.amendments.map { [$0.text, $0.author, ItalianText.amendmentStatus($0.status)] }))

        section("Approvazioni")
        blocks.append(record.approvals.isEmpty
            ? .paragraph([.text("Nessuna approvazione.")])
            : .table(header: ["Nome", "Organizzazione", "Ruolo", "Approvato il", "Impronta"],
                     rows: record.approvals.map { approval in
                         [approval.name, approval.organisation, approval.role.italianLabel, approval.at.map(text.dateTime) ?? "—",
                          approval.contentHash == record.contentHash ? "uguale a quella approvata" : String(approval.contentHash.prefix(16)) + "…"]
                     }))
        if let approved = record.approvedAt {
            blocks.append(.paragraph([.text("Il verbale è stato approvato da tutti i presenti della pubblica amministrazione e degli enti del Terzo settore il \(text.longDate(approved)) alle ore \(text.clock(approved)).")]))
        }

        section("Impronta del contenuto (SHA-256)")
        blocks.append(.paragraph([.code(record.contentHash)]))
        blocks.append(.paragraph([.text(
            "È l'impronta SHA-256 del contenuto del verbale approvato (testo, decisioni, punti aperti, azioni), "
                + "calcolata come descritto nel protocollo di Tavolo (docs/protocol.md, «Minutes»). Per verificarla: "
                + "si ricalcola l'impronta dal contenuto e la si confronta con questa, o si confronta questa con quella registrata "
                + "nel registro delle attività del tavolo e nei metadati del PDF (parola chiave «tavolo-sha256»).")]))

        // Closing formula and signatures.
        blocks.append(.rule)
        blocks.append(.paragraph([.strong([.text("Letto, approvato e sottoscritto.")])]))
        blocks.append(.signatures([
            // Epicene titles: the chair and the secretary may be of any gender.
            Signature(role: "Presidente della seduta", name: record.chair?.name ?? ""),
            Signature(role: "Verbalizzante", name: record.secretary?.name ?? ""),
        ]))

        let heading = "Verbale della seduta" + (record.sessionNumber.map { " n. \($0)" } ?? "")
            + (record.meetingDay.map { " del \(text.longDate($0))" } ?? "")
        let running = record.tableTitle + (record.sessionNumber.map { " – seduta n. \($0)" } ?? "")
            + (record.meetingDay.map { " del \(text.longDate($0))" } ?? "")
        self.init(
            title: heading, subtitle: record.tableTitle + " – " + record.sessionTitle, blocks: blocks, runningHeader: running,
            keywords: [Self.hashKeyword(record.contentHash)])
    }

    /// The keyword a verbale's files carry in their metadata.
    static func hashKeyword(_ hash: String) -> String { "tavolo-sha256:" + hash
    }

    /// Decisions, open points and actions under the agenda item they belong to, in agenda
    /// order; those of no item (or of one no longer on the agenda) under "Altro".
    private static func outcomes(of record: MinutesRecord) -> [Block] {
        let known = Set(record.agenda.map(\.id).filter { !$0.isEmpty })
        func belongs(_ item: String?, to id: String?) -> Bool {
            guard let item, !item.isEmpty, known.contains(item) else { return id == nil }
            return item == id
        }
        var groups: [(title: String, id: String?)] = record.agenda.enumerated().compactMap { index, item in
            item.id.isEmpty ? nil : ("Punto \(index + 1) – \(item.title)", item.id)
        }
        groups.append(("Altro", nil))
        var blocks: [Block] = []
        for group in groups {
            let decisions = record.decisions.filter { belongs($0.item, to: group.id) }
            let openPoints = record.openPoints.filter { belongs($0.item, to: group.id) }
            let actions = record.actions.filter { belongs($0.item, to: group.id) }
            guard !(decisions.isEmpty && openPoints.isEmpty && actions.isEmpty) else { continue }
            blocks.append(.heading(level: 3, [.text(group.title)]))
            if !decisions.isEmpty {
                blocks.append(.paragraph([.strong([.text("Decisioni")])]))
                blocks.append(.list(start: 1, items: decisions.map { ListItem(content: [.text($0.text)]) }))
            }
            if !openPoints.isEmpty {
                blocks.append(.paragraph([.strong([.text("Punti aperti")])]))
                blocks.append(.list(start: nil, items: openPoints.map { ListItem(content: [.text($0.text)]) }))
            }
            if !actions.isEmpty {
                blocks.append(.paragraph([.strong([.text("Azioni")])]))
                blocks.append(.table(header: ["Chi", "Cosa", "Entro"], rows: actions.map { [$0.who, $0.what, ItalianText.dueDate($0.due)] }))
            }
        }
        return blocks.isEmpty ? [.paragraph([.text("Nessuna decisione, nessun punto aperto, nessuna azione.")])] : blocks
    }

    /// Any text of a table at one version: its title, a line saying which version, and the text.
    init(title: String, subtitle: String, body: String) {
        self.init(title: title, subtitle: subtitle, blocks: MarkdownParser.parse(body).map { $0.nested(under: 1) })
    }
}

extension Block {
    /// Pushes headings below a section of `level` (at most level 6).
    func nested(under level: Int) -> Block {
        guard case .heading(let own, let content) = self else { return self }
        return .heading(level: min(own + level, 6), content)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
