import Testing
@testable import TavoloCRDT

/// Random and mutated bytes must produce `DecodeError`s (or valid values), never a crash or a hang.
@Suite("Decoder fuzzing")
struct DecoderFuzzTests {
    static func mutate(_ bytes: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = bytes
        for _ in 0..<(1 + rng.int(4)) {
            switch rng.int(5) {
            case 0 where !b.isEmpty: b[rng.int(b.count)] = UInt8(truncatingIfNeeded: rng.next())
            case 1 where !b.isEmpty: b.remove(at: rng.int(b.count))
            case 2: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.int(b.count + 1))
            case 3 where b.count > 1: b = Array(b.prefix(rng.int(b.count)))
            default: if !b.isEmpty { b[rng.int(b.count)] ^= 0x80 }
            }
        }
        return b
    }

    @Test func mutatedInputs() throws {
        var rng = SeededRandom(seed: 42)
        let d = try EncodingTests.sample()
        let seeds = [d.encodedOperations(), d.encodeSnapshot(), d.version.encoded()]
        var errors = 0
        for i in 0..<3000 {
            let bytes: [UInt8]
            if i % 5 == 0 {
                bytes = (0..<rng.int(64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = Self.mutate(seeds[i % 3], &rng)
            }
            do {
                var doc = try Document(decoding: bytes)
                _ = doc.node()
                _ = doc.checkInvariants()
                try doc.insertText("x", at: 0, in: doc.objectIDs(of: .text).first ?? .root)
            } catch { errors += 1 }
            do {
                var doc = d
                try doc.apply(encoded: bytes)
                _ = doc.node()
            } catch { errors += 1 }
            do { _ = try Version(decoding: bytes) } catch { errors += 1 }
        }
        #expect(errors > 0)
    }

    @Test func hostileLengthsAreRejectedWithoutAllocating() {
        // Magic, version, then a replica count of 2^62.
        var bytes: [UInt8] = [0x54, 0x56, 0x4F, 1]
        bytes += [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F]
        #expect(throws: DecodeError.limitExceeded) { try Operations(decoding: bytes) }
        #expect(throws: DecodeError.badMagic) { try Operations(decoding: [1, 2, 3, 4]) }
        #expect(throws: DecodeError.unsupportedVersion(9)) { try Operations(decoding: [0x54, 0x56, 0x4F, 9]) }
        #expect(throws: DecodeError.truncated) { try Document(decoding: [0x54]) }
        // A compressed block claiming 2^28 bytes from 3 bytes of input.
        #expect(throws: DecodeError.badCompression) { try LZ4Block.decompress([0xF0, 0xFF, 0xFF][...], size: 1 << 20) }
    }
}
