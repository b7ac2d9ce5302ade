/// The name of a parameter in a route's path. Patterns and handlers share these constants, so
/// a misspelt name does not compile.
struct PathParameter: Hashable, Sendable, CustomStringConvertible {
    let name: String

    var description: String { ":\(name)" }

    static let table = PathParameter(name: "table")
    static let session = PathParameter(name: "session")
    static let invitation = PathParameter(name: "invitation")
    static let procedure = PathParameter(name: "procedure")
    /// An export's file extension (`md`, `pdf`, …).
    static let format = PathParameter(name: "format")
}

/// The parameters a request's path gave its route, as the transport decoded them.
struct PathParameters: Sendable, Equatable {
    private var values: [PathParameter: String] = [:]

    init(_ values: [PathParameter: String] = [:]) { self.values = values }

    /// The value of a parameter the route's pattern declares (never empty); asking for one it
    /// does not declare is a programming error.
    subscript(_ parameter: PathParameter) -> String {
        guard let value = values[parameter] else { preconditionFailure("the route declares no parameter \(parameter)") }
        return value
    }
}
