#ifndef TAVOLO_CLIBFUZZER_H
#define TAVOLO_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry points (https://llvm.org/docs/LibFuzzer.html). `-sanitize=fuzzer` links the
// library; each fuzz target defines LLVMFuzzerTestOneInput with @_cdecl.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// SwiftPM links an executable with `main` defined as the Swift module's entry point, so
// libFuzzer's own main is never used: the entry point hands the command line to the driver.
static inline int tavolo_fuzz_run(int *argc, char ***argv) {
    return LLVMFuzzerRunDriver(argc, argv, LLVMFuzzerTestOneInput);
}
#endif
