import Testing
import TavoloCompression

@Suite struct CompressionTests {
    static let samples: [[UInt8]] = [
        [], Array("a".utf8),
        Array(String(repeating: "export function seduta() { return 'Hai la parola'; }\n", count: 400).utf8),
        (0..<100_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) },  // incompressible
    ]

    @Test func gzipRoundTripsAndShrinksText() {
        for sample in Self.samples {
            let packed = Gzip.compress(sample)
            #expect(Array(packed.prefix(2)) == [0x1F, 0x8B])  // a gzip member
            #expect(Gzip.decompress(packed) == sample)
        }
        #expect(Gzip.compress(Self.samples[2]).count * 20 < Self.samples[2].count)
    }

    @Test func brotliRoundTripsAndBeatsGzipOnText() {
        for sample in Self.samples {
            #expect(Brotli.decompress(Brotli.compress(sample)) == sample)
        }
        #expect(Brotli.compress(Self.samples[2]).count < Gzip.compress(Self.samples[2]).count)
    }

    @Test func damagedInputIsRefusedNotTrusted() {
        let packed = Gzip.compress(Self.samples[2])
        #expect(Gzip.decompress(Array(packed.dropLast(5))) == nil)
        #expect(Gzip.decompress(Array("not gzip".utf8)) == nil)
        #expect(Brotli.decompress(Array(Brotli.compress(Self.samples[2]).dropLast(3))) == nil)
        #expect(Gzip.decompress(packed, limit: 1000) == nil)
    }
}
