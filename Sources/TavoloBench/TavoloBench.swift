import ArgumentParser

/// Benchmarks, run on release builds; never part of the test suite.
@main
struct TavoloBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tavolo-bench",
        abstract: "Tavolo benchmarks (release builds only).",
        subcommands: [CRDTBenchmark.self, HistoryBenchmark.self]
    )
}
