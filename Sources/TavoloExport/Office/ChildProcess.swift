#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs the tools the exports rely on (LibreOffice, openssl) as child processes, each in its
/// own process group so a timeout or a cancelled request ends everything it started.
enum ChildProcess {
    /// `name` itself when it is a path, otherwise the first match on `PATH`; nil if none is executable.
    static func executable(_ name: String) -> String? {
        let manager = FileManager.default
        if name.contains("/") { return manager.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { manager.isExecutableFile(atPath: $0) }
    }

    enum Failure: Error, Equatable {
        case cannotStart(String)
        case lost(String)
        case timedOut
    }

    /// Runs `arguments` (the first is the executable) with output to `log`, waits at most
    /// `timeout`, and returns its exit status. On timeout or cancellation the whole process
    /// group is killed.
    static func run(_ arguments: [String], log: String, timeout: Duration) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A new process group led by the child: killing -pid reaches everything it starts.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw Failure.cannotStart(String(cString: strerror(spawned)))
        }

        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped == -1 && errno != EINTR { throw Failure.lost(String(cString: strerror(errno))) }
            if ContinuousClock.now >= deadline || Task.isCancelled {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                if Task.isCancelled { throw CancellationError() }
                throw Failure.timedOut
            }
            // Polling keeps this free of signal handlers (the server installs its own); 20 ms
            // is nothing next to the second or so LibreOffice or openssl take.
            try? await Task.sleep(for: .milliseconds(20))
        }
        // Exited normally → its code; killed by a signal → 128 + signal, as shells report it.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
