import Dispatch
import Glibc

/// Turns the first SIGINT or SIGTERM into a graceful shutdown.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "tavolo.signals")
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)  // let the dispatch source, not the default action, see it
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            // Explicitly @Sendable: otherwise the closure is inferred main-actor and traps off it.
            source.setEventHandler { @Sendable in onSignal() }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
