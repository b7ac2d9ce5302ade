import CLibFuzzer
import Glibc

/// Runs libFuzzer with this process's arguments (`-max_total_time=600 CORPUS …`) on the target's
/// `LLVMFuzzerTestOneInput`, and exits with its status.
public func runFuzzer() -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(tavolo_fuzz_run(&argc, &argv))
}

/// One input as bytes (libFuzzer passes a null pointer with size 0).
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A property of the code under test that this input broke: reported like a crash, so libFuzzer
/// saves the input (a `precondition` would be compiled out with `-Ounchecked`, this never is).
public func check(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError("fuzz property failed: \(message())", file: file, line: line) }
}
