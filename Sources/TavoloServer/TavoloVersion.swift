/// The running Tavolo's version, reported by `/healthz` and `tavolo --version`.
public enum TavoloVersion {
    public static let current = "0.1.0"
}
