import Foundation

/// The approved minutes as a report, in Italian: the one place that decides what the
/// minutes documents contain and in which order.
extension Report {
    init(minutes record: MinutesRecord, text: ItalianText) {
        var blocks: [Block] = []
        func section(_ title: String) { blocks.append(.heading(level: 2, [.text(title)])) }
        func field(_ label: String, _ value: String) -> [Inline] { [.strong([.text(label + ":")]), .text(" " + value)] }
        let day = record.openedAt

        var facts: [Inline] = field("Tavolo", "\(record.tableTitle) (\(record.tableID))")
        facts += [.lineBreak] + field("Seduta", record.sessionTitle)
        if let opened = record.openedAt { facts += [.lineBreak] + field("Aperta", text.dateTime(opened)) }
        if let closed = record.closedAt { facts += [.lineBreak] + field("Chiusa", text.dateTime(closed)) }
        if let approved = record.approvedAt { facts += [.lineBreak] + field("Verbale approvato", text.dateTime(approved)) }
        facts += [.lineBreak] + field("Orari", text.zoneName)
        blocks.append(.paragraph(facts))

        section("Ordine del giorno")
        if record.agenda.isEmpty {
            blocks.append(.paragraph([.text("Nessun punto all'ordine del giorno.")]))
        } else {
            blocks.append(.table(
                header: ["N.", "Punto", "Relatore", "Minuti", "Stato"],
                rows: record.agenda.enumerated().map { index, item in
                    ["\(index + 1)", item.title, item.presenter, item.minutes.map(String.init) ?? "", ItalianText.agendaStatus(item.status)]
                }))
        }

        section("Presenze")
        if record.attendance.isEmpty {
            blocks.append(.paragraph([.text("Nessuna presenza registrata.")]))
        } else {
            blocks.append(.table(
                header: ["Nome", "Organizzazione", "Ruolo", "Dalle", "Alle"],
                rows: record.attendance.map { entry in
                    [entry.name, entry.organisation, entry.role.italianLabel, text.time(entry.from, sameDayAs: day),
                     entry.to.map { text.time($0, sameDayAs: day) } ?? "—"]
                }))
        }

        section("Verbale")
        let minutes = MarkdownParser.parse(record.minutesText)
        // The minutes text's own headings sit below this section's.
        blocks += minutes.isEmpty ? [.paragraph([.text("Nessun testo.")])] : minutes.map { $0.nested(under: 2) }

        section("Decisioni")
        blocks.append(record.decisions.isEmpty
            ? .paragraph([.text("Nessuna decisione.")])
            : .list(start: 1, items: record.decisions.map { ListItem(content: [.text($0)]) }))

        section("Punti aperti")
        blocks.append(record.openPoints.isEmpty
            ? .paragraph([.text("Nessun punto aperto.")])
            : .list(start: nil, items: record.openPoints.map { ListItem(content: [.text($0)]) }))

        section("Azioni")
        blocks.append(record.actions.isEmpty
            ? .paragraph([.text("Nessuna azione.")])
            : .table(header: ["Chi", "Cosa", "Entro"], rows: record.actions.map { [$0.who, $0.what, $0.due] }))

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

        section("Impronta del contenuto (SHA-256)")
        blocks.append(.paragraph([.code(record.contentHash)]))
        blocks.append(.paragraph([.text(
            "È l'impronta SHA-256 del contenuto del verbale approvato (testo, decisioni, punti aperti, azioni), "
                + "calcolata come descritto nel protocollo di Tavolo: chiunque può ricalcolarla per verificarne l'integrità.")]))

        self.init(title: "Verbale – \(record.sessionTitle)", subtitle: record.tableTitle, blocks: blocks)
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
