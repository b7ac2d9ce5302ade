/// The layout of a co-design table's document (docs/protocol.md): its root keys, what each
/// holds and the keys inside. The server's scaffolding, permissions, history and exports
/// spell keys through it; the browser reads the same layout from `web/table/layout.json`,
/// which `fixtureJSON` renders and a test keeps equal.
///
/// - `project`: a text, the shared project;
/// - `comments`: a list of comment maps;
/// - `agenda:<session>`: a list of agenda item maps;
/// - `minutes:<session>`: a map with the text `text` and the lists `decisions`, `openPoints`, `actions`;
/// - `proposal:<organisation>`: a map with the string `organisation` and one text per section.
public enum TableLayout {
    /// The kind of object a root key holds.
    public enum Shape: String, Codable, Sendable {
        case text, list, map
    }

    public static let projectKey = "project"
    public static let commentsKey = "comments"
    public static let agendaPrefix = "agenda:"
    public static let minutesPrefix = "minutes:"
    public static let proposalPrefix = "proposal:"

    /// `agenda:<session>`.
    public static func agendaKey(session: String) -> String { agendaPrefix + session }
    /// `minutes:<session>`.
    public static func minutesKey(session: String) -> String { minutesPrefix + session }
    /// `proposal:<organisation>`; the name is kept as it is, colons, slashes and spaces included.
    public static func proposalKey(organisation: String) -> String { proposalPrefix + organisation }

    /// The keys inside `minutes:<session>`.
    public enum Minutes {
        /// The minutes' running text.
        public static let text = "text"
        public static let decisions = "decisions"
        public static let openPoints = "openPoints"
        public static let actions = "actions"
        /// The lists, in the order the minutes show them.
        public static let lists = [decisions, openPoints, actions]
        /// The field of an item map of `decisions` and `openPoints`.
        public static let itemText = "text"
        public static let actionWhat = "what"
        public static let actionWho = "who"
        public static let actionDue = "due"
        /// The agenda item (`replica@counter` of its element in `agenda:<session>`) a decision,
        /// open point or action belongs to; absent or empty for none.
        public static let agendaItem = "item"

        /// The fields of an item map of `list`, in the order a form shows them; empty for a list
        /// the minutes do not have.
        public static func itemFields(of list: String) -> [String] {
            switch list {
            case decisions, openPoints: [itemText]
            case actions: [actionWhat, actionWho, actionDue]
            default: []
            }
        }
    }

    /// The keys inside `proposal:<organisation>`.
    public enum Proposal {
        /// A string register holding the organisation's name.
        public static let organisation = "organisation"
        /// The texts of a proposal, in the order it is read.
        public static let sections = ["goals", "activities", "resources", "cofinancing", "partners"]
    }
}
