import Foundation
import Testing
import TavoloDomain

/// `UserText`: sizes in UTF-8 bytes, control characters refused, never shortened (issue 14, findings 3 and 7).
@Suite struct UserTextTests {
    private func refusal(_ rule: UserText, _ text: String) -> String? {
        do {
            _ = try rule.validate(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func combiningMarksCountAsTheBytesTheyWeigh() {
        // One grapheme, the 400 kB of finding 3; and just over the limit at CI scale.
        let heavy = "a" + String(repeating: "\u{301}", count: 200_000)
        #expect(heavy.count == 1)
        #expect(refusal(.amendment, heavy) == "amendment must be at most 40000 bytes of UTF-8, got 400001")
        #expect(refusal(.sessionTitle, "a" + String(repeating: "\u{301}", count: 400)) == "session title must be at most 800 bytes of UTF-8, got 801")
    }

    @Test func theOldCharacterLimitsStillFitInAnyScript() throws {
        for character in ["a", "è", "€", "日", "😀"] {
            let title = String(repeating: character, count: 200)
            #expect(try UserText.sessionTitle.validate(title) == title)
            #expect(try UserText.name.validate(title) == title)
            let option = String(repeating: character, count: 300)
            #expect(try UserText.pollOption.validate(option) == option)
            let amendment = String(repeating: character, count: 10_000)
            #expect(try UserText.amendment.validate(amendment) == amendment)
        }
    }

    @Test func controlCharactersAreRefusedNotCut() {
        // Finding 7: SQLite kept "Anna" of this name.
        #expect(refusal(.name, "Anna\u{0} Rossi (falsa)") == "name must not contain control characters, found U+0000")
        #expect(refusal(.organisation, "Coop\u{1B}[31m") == "organisation must not contain control characters, found U+001B")
        #expect(refusal(.tableTitle, "Ambito\u{7F}") == "title must not contain control characters, found U+007F")
        #expect(refusal(.sessionTitle, "Seduta\u{85}prima") == "session title must not contain control characters, found U+0085")  // C1
        #expect(refusal(.name, "Anna\nRossi") == "name must not contain control characters, found U+000A")
        #expect(refusal(.amendment, "riga\r\nriga") == "amendment must not contain control characters, found U+000D")
        #expect(refusal(.amendment, "ok\u{0}") == "amendment must not contain control characters, found U+0000")
    }

    @Test func amendmentsMayHaveLinesAndTabs() throws {
        #expect(try UserText.amendment.validate("Punto 1:\n\tsede a Molinella") == "Punto 1:\n\tsede a Molinella")
    }

    @Test func whiteSpaceAtTheEndsIsTrimmedUnlessTheTextNamesSomething() throws {
        #expect(try UserText.name.validate("  Anna Rossi \n") == "Anna Rossi")
        #expect(refusal(.name, " \t ") == "name must not be empty")
        #expect(try UserText.organisation.validate("") == "")
        #expect(try UserText.area.validate("proposal:Coop A ") == "proposal:Coop A ")
        #expect(refusal(.area, "") == "area must not be empty")
    }

    @Test func facilitationActionsUseTheRules() throws {
        var state = TableState()
        let fabio = Participant(id: "f", name: "Fabio", organisation: "Facilitazione", role: .facilitator)
        state.apply(.joined(fabio, at: Date()))
        func decide(_ action: FacilitationAction) -> FacilitationError? {
            do {
                _ = try state.decide(action, by: fabio, at: Date(), newID: { "id" })
                return nil
            } catch {
                return error
            }
        }
        #expect(decide(.scheduleSession(title: "Prima\u{0} seduta")) == FacilitationError(.invalid, "session title must not contain control characters, found U+0000"))
        #expect(decide(.createPoll(question: "Sede?", options: ["Budrio", "a" + String(repeating: "\u{301}", count: 600)], multipleChoice: false, anonymous: true))
            == FacilitationError(.invalid, "poll option must be at most 1200 bytes of UTF-8, got 1201"))
        #expect(decide(.createPoll(question: "Sede?\u{1}", options: ["Budrio", "Molinella"], multipleChoice: false, anonymous: true))?.code == .invalid)
        #expect(decide(.setPermission(area: "project\u{0}", role: .ets, canEdit: false))?.code == .invalid)
        #expect(decide(.scheduleSession(title: "  Prima seduta  ")) == nil)
        let events = try state.decide(
            .createPoll(question: " Sede? ", options: [" Budrio", "Molinella "], multipleChoice: false, anonymous: true), by: fabio, at: Date(),
            newID: { "poll" })
        guard case .pollCreated(let poll, _) = events.first else { Issue.record("no poll"); return }
        #expect(poll.question == "Sede?" && poll.options == ["Budrio", "Molinella"])
    }
}
