import Glibc

/// Every connection is a file descriptor: a server left at the usual soft limit of 1,024 is
/// full after a thousand sockets. Raising the soft limit to the hard one needs no privilege.
enum FileDescriptorLimit {
    /// Raises the soft limit to the hard limit; returns the limit now in force.
    static func raiseToHardLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return UInt64(limit.rlim_cur)
    }
}
