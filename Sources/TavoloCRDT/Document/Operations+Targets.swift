/// What a batch touches, for a server that decides who may change what before applying it.
extension Operations {
    /// One run's place in the object tree.
    public struct Target: Sendable, Equatable {
        /// The object the operations change (`.root` for the root map).
        public var object: ObjectID
        /// The key, for map operations.
        public var key: String?
        /// The nested object the operation creates, if it creates one.
        public var createdObject: ObjectID?
    }

    /// The target of every run, in order (objects created earlier in the batch come first).
    public var targets: [Target] {
        runs.map { run in
            let key: String? = (run.kind == .mapSet || run.kind == .mapDelete) ? run.key : nil
            var created: ObjectID? = nil
            if case .object(let id, _) = run.value { created = id }
            return Target(object: run.target, key: key, createdObject: created)
        }
    }
}
