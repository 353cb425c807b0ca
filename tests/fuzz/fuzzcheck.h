#pragma once

#include <cstdio>
#include <cstdlib>

//! Stops the fuzzer when an invariant does not hold. libFuzzer keeps the input that did it as
//! a crash artifact, so a broken invariant is reported like a crash.
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
