#pragma once

#include <QtGlobal>

#include <algorithm>

//! How many times slower than a plain build this one runs: BOOKING_TEST_TIME_SCALE (the asan
//! test preset sets 3), 1 when unset. Tests whose outcome depends on how fast the machine is
//! multiply their time limits by it; what they assert stays the same.
inline int testTimeScale()
{
    static const int scale = std::max(1, qEnvironmentVariableIntValue("BOOKING_TEST_TIME_SCALE"));
    return scale;
}
