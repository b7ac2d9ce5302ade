import Foundation
import Synchronization
import TavoloCompression
import TavoloTransport

/// The web client's text files, gzip- and brotli-compressed once when the server starts (in the
/// background: until a file is ready, or if it changed on disk since, it goes out as it is).
/// Read by the service thread on every static request, written once by the preparing task.
final class PrecompressedFiles: Sendable {
    struct Encoded: Sendable {
        /// The file's own validator when it was compressed: a file changed since is not served from here.
        let entityTag: String
        let gzip: [UInt8]
        let brotli: [UInt8]

        func bytes(_ encoding: StaticFiles.ContentEncoding) -> [UInt8] {
            switch encoding {
            case .brotli: brotli
            case .gzip: gzip
            }
        }
    }

    /// By absolute path.
    private let files = Mutex<[String: Encoded]>([:])
    /// Smaller files gain nothing worth a lookup (headers are ~200 bytes).
    static let minimumBytes = 1024

    func encoded(path: String, entityTag: String) -> Encoded? {
        files.withLock { $0[path] }.flatMap { $0.entityTag == entityTag ? $0 : nil }
    }

    /// Compresses every compressible file under `root` (absolute, symlinks resolved).
    func prepare(root: String) {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return }
        var prepared: [String: Encoded] = [:]
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            guard StaticFiles.isCompressible(contentType: StaticFiles.contentType(forPath: path)) else { continue }
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size >= Self.minimumBytes,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            let tag = StaticFiles.entityTag(
                size: Int(info.st_size), modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
            let bytes = [UInt8](data)
            // Brotli quality 9 is within a few percent of 11 on this JavaScript at a tenth of the time,
            // which keeps a server's start (and every test that starts one) quick.
            prepared[path] = Encoded(entityTag: tag, gzip: Gzip.compress(bytes), brotli: Brotli.compress(bytes, quality: 9))
        }
        files.withLock { $0 = prepared }
    }
}
