#pragma once

#include "common/result.h"

//! A UUID taken from a URL path segment: its canonical form, or VALIDATION_FAILED naming
//! `field` (a malformed id is a 400, never a 404 or a 500).
Result<QString> parsePathId(const QString &segment, const QString &field);
