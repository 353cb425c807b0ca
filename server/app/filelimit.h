#pragma once

#include <QtGlobal>

//! The process's open-file limit (RLIMIT_NOFILE).
namespace FileLimit {

//! Raises the soft limit to `needed` descriptors, or as far as the hard limit allows; returns
//! the soft limit in effect afterwards.
qint64 raiseTo(qint64 needed);

} // namespace FileLimit
