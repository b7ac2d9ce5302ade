/// A route's path, written with its parameters interpolated: `"/api/tables/\(.table)/audit"`,
/// or at the end of a segment after a literal prefix: `"minutes.\(.format)"`.
///
/// It matches a path with the same number of `/`-separated segments: literal segments equal,
/// and each parameter a non-empty rest of its segment. The path is matched as the transport
/// decoded it (percent escapes undone once, by libwebsockets or the caller); nothing here
/// decodes again, so `%2F` sent as `%252F` stays the three characters `%2F`.
struct RoutePattern: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    enum Segment: Sendable, Equatable {
        case literal(String)
        /// `prefix` then the parameter up to the end of the segment.
        case parameter(PathParameter, prefix: String)
    }

    let segments: [Segment]

    init(stringLiteral value: String) {
        var interpolation = StringInterpolation(literalCapacity: value.count, interpolationCount: 0)
        interpolation.appendLiteral(value)
        self.init(stringInterpolation: interpolation)
    }

    init(stringInterpolation: StringInterpolation) {
        var read = stringInterpolation
        read.closeSegment()
        precondition(read.segments.count > 1 && read.segments[0] == .literal(""), "a route pattern starts with /")
        segments = Array(read.segments.dropFirst())
    }

    var description: String {
        segments.map { segment in
            switch segment {
            case .literal(let text): "/" + text
            case .parameter(let parameter, let prefix): "/" + prefix + parameter.description
            }
        }.joined()
    }

    /// The parameters, if `path` matches.
    ///
    /// Read as bytes, not Characters: a `/` followed by a combining mark is one Character, and
    /// Character comparison treats canonically equivalent spellings as equal, so either would let
    /// a path mean something other than what its bytes say (found by the `http` fuzz target).
    func match(_ path: String) -> PathParameters? {
        let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.first?.isEmpty == true, parts.count - 1 == segments.count else { return nil }
        var values: [PathParameter: String] = [:]
        for (segment, part) in zip(segments, parts.dropFirst()) {
            switch segment {
            case .literal(let text):
                guard part.elementsEqual(text.utf8) else { return nil }
            case .parameter(let parameter, let prefix):
                let prefixBytes = prefix.utf8
                guard part.count > prefixBytes.count, part.starts(with: prefixBytes) else { return nil }
                values[parameter] = String(decoding: part.dropFirst(prefixBytes.count), as: UTF8.self)
            }
        }
        return PathParameters(values)
    }

    /// Splits the written pattern into segments as it is read.
    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate(set) var segments: [Segment] = []
        private var literal = ""
        private var parameter: PathParameter?

        init(literalCapacity: Int, interpolationCount: Int) {}

        mutating func appendLiteral(_ text: String) {
            for character in text {
                if character == "/" {
                    closeSegment()
                } else {
                    precondition(parameter == nil, "a path parameter must end its segment")
                    literal.append(character)
                }
            }
        }

        mutating func appendInterpolation(_ parameter: PathParameter) {
            precondition(self.parameter == nil, "one parameter per segment")
            self.parameter = parameter
        }

        fileprivate mutating func closeSegment() {
            segments.append(parameter.map { .parameter($0, prefix: literal) } ?? .literal(literal))
            literal = ""
            parameter = nil
        }
    }
}
