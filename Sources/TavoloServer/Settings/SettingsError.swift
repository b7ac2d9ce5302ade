/// A configuration that cannot be used, named precisely enough to fix it.
public enum SettingsError: Error, Equatable, CustomStringConvertible {
    /// A value has the wrong form.
    case invalid(key: SettingKey, value: String, source: String)
    /// Two settings contradict each other.
    case inconsistent(String)
    /// The configuration file exists but cannot be read or parsed.
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let key, let value, let source):
            "invalid setting '\(key.name)' (\(source)): expected \(key.expected), got '\(value)'"
        case .inconsistent(let message):
            "invalid settings: \(message)"
        case .unreadableFile(let path, let reason):
            "cannot read configuration file \(path): \(reason)"
        }
    }
}
