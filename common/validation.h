#pragma once

#include "violation.h"

//! The input rules of the API contract, shared by the server (which enforces them) and the
//! desktop client (which checks fields as the user types).
namespace Validation {

inline constexpr int MaxEmailLength = 254;
inline constexpr int MinPasswordBytes = 8;
inline constexpr int MaxPasswordBytes = 72; // bcrypt ignores every byte past 72
inline constexpr int MinNameLength = 2;
inline constexpr int MaxNameLength = 100;

//! Trimmed and lower-cased, as the server stores it.
QString normalizeEmail(const QString &email);
QString normalizeName(const QString &name);

//! Each takes the raw input (before normalisation) and lists the rules it breaks.
Violations checkEmail(const QString &email);
Violations checkNewPassword(const QString &password);
Violations checkName(const QString &name);

//! A canonical UUID string (8-4-4-4-12 hex digits).
bool isUuid(const QString &text);
//! The canonical lower-case form of a UUID, or an empty string when `text` is not one.
QString canonicalUuid(const QString &text);

} // namespace Validation
