#pragma once

#include <QString>

#include <chrono>
#include <optional>

//! Durations in configuration: a whole number with an optional unit suffix, as the seed's
//! `15m` and `7d`: `ms`, `s`, `m`, `h`, `d`; a bare number means seconds.
namespace Duration {

std::optional<std::chrono::milliseconds> parse(QStringView text);

} // namespace Duration
