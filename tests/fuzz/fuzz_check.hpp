#pragma once
// The fuzz targets' invariant check: a broken invariant aborts, which libFuzzer reports as a
// crash with the input that caused it.
#include <cstdlib>

namespace chainlit::fuzz {

inline void check(bool ok) {
    if (!ok)
        std::abort();
}

} // namespace chainlit::fuzz
