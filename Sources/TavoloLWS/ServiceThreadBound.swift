import Glibc

/// A value that only the libwebsockets service thread may touch.
///
/// libwebsockets (built with `LWS_MAX_SMP 1`) is not thread-safe: every `struct lws *`
/// and the context belong to the thread that runs `lws_service`, except
/// `lws_cancel_service`. This box is the proof behind its `@unchecked Sendable`:
/// every access checks, with a precondition that stays on in release builds,
/// that it happens on the owning thread, so the value is never shared across
/// threads even though the box itself is passed around.
final class ServiceThreadBound<Value>: @unchecked Sendable {
    private var owner: pthread_t?
    private var storage: Value

    init(_ value: Value) { storage = value }

    /// Claims the box for the calling thread; called once, first thing on the service thread.
    func claim() {
        precondition(owner == nil, "service thread already claimed")
        owner = pthread_self()
    }

    /// The value, checked to be on the owning thread.
    var value: Value {
        _read {
            precondition(isOnOwner, "libwebsockets state touched off its service thread")
            yield storage
        }
        _modify {
            precondition(isOnOwner, "libwebsockets state touched off its service thread")
            yield &storage
        }
    }

    private var isOnOwner: Bool {
        guard let owner else { return false }
        return pthread_equal(owner, pthread_self()) != 0
    }
}
