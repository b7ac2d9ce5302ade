// A C target needs one source file; everything is in include/CLibFuzzer.h.
#include "CLibFuzzer.h"
