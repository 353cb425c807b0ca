#pragma once

//! One line per log message, with time, level and category, on stderr.
namespace Logging {

void install();

} // namespace Logging
