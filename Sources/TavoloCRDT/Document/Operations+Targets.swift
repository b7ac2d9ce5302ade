/// What a batch touches, for a server that decides who may change what before applying it.
extension Operations {
    /// One run's place in the object tree.
    public struct Target: Sendable, Equatable {
        /// The object the operations change (`.root` for the root map).
        public var object: ObjectID
        /// The kind of object the operations apply to (text operations need a text, and so on).
        public var expectedKind: ObjectKind
        /// The key, for map operations.
        public var key: String?
        /// The nested object the operation creates, and its kind, if it creates one.
        public var createdObject: ObjectID?
        public var createdKind: ObjectKind?
    }

    /// The target of every run, in order (objects created earlier in the batch come first).
    public var targets: [Target] {
        runs.map { run in
            let expected: ObjectKind =
                switch run.kind {
                case .insertText, .deleteText: .text
                case .mapSet, .mapDelete: .map
                case .listInsert, .listMove, .listDelete: .list
                }
            var target = Target(object: run.target, expectedKind: expected, key: nil, createdObject: nil, createdKind: nil)
            if expected == .map { target.key = run.key }
            if case .object(let id, let kind) = run.value {
                target.createdObject = id
                target.createdKind = kind
            }
            return target
        }
    }
}
