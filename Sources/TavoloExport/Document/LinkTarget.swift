/// What a Markdown link target may become. The web renderer (`web/table/markdown.js`,
/// `linkTarget`) applies the same rules, and both are tested on the cases of
/// `Tests/Fixtures/links.json`.
///
/// The target is read as a browser reads it (https://url.spec.whatwg.org/#concept-basic-url-parser):
/// leading and trailing controls and spaces are dropped, tabs and line breaks are dropped from
/// anywhere and `\` is `/`, so `java<TAB>script:` is `javascript:` and refused. `//host` (and
/// `\\host`, `///host`) names another site: it becomes `https://host`, so where the link leads
/// never depends on the page or on where an exported file is opened.
enum LinkTarget: Equatable {
    /// `http` or `https` with a host, or `mailto` with an address; `href` is what to link to.
    case external(href: String)
    /// A path, `?query` or `#fragment` on the site showing it, with no `:` before its first `/`, `?` or `#`.
    case relative(href: String)
    /// Anything else: shown as the text typed.
    case refused

    init(_ raw: String) {
        var trimmed = Array(raw.unicodeScalars)[...]
        while let first = trimmed.first, first.value <= 0x20 { trimmed.removeFirst() }
        while let last = trimmed.last, last.value <= 0x20 { trimmed.removeLast() }
        let target = trimmed.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }.map { $0 == "\\" ? "/" : $0 }
        guard !target.isEmpty, !target.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            self = .refused
            return
        }
        let colon = Self.schemeEnd(target)
        let scheme = colon.map { Self.string(target[..<$0]).lowercased() }
        let rest = colon.map { target[($0 + 1)...] } ?? target[...]
        if scheme == "http" || scheme == "https" || (scheme == nil && rest.starts(with: ["/", "/"])) {
            // Two slashes or more, then a host: a browser skips any further slashes before the host.
            let host = rest.drop(while: { $0 == "/" })
            guard rest.count - host.count >= 2, let first = host.first, first != "?", first != "#" else {
                self = .refused
                return
            }
            self = .external(href: "\(scheme ?? "https")://\(Self.string(host))")
        } else if scheme == "mailto", !rest.isEmpty {
            self = .external(href: "mailto:\(Self.string(rest))")
        } else if scheme != nil || target.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" }).contains(":") {
            // A `:` before the first `/`, `?` or `#` would be read as a scheme.
            self = .refused
        } else {
            self = .relative(href: Self.string(target[...]))
        }
    }

    /// Where the `:` after a scheme is: `ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")` (RFC 3986, 3.1).
    private static func schemeEnd(_ target: [Unicode.Scalar]) -> Int? {
        let letter = { (scalar: Unicode.Scalar) in ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        guard let first = target.first, letter(first) else { return nil }
        for (offset, scalar) in target.enumerated() {
            if scalar == ":" { return offset }
            guard letter(scalar) || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-" || scalar == "." else { return nil }
        }
        return nil
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
