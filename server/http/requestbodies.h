#pragma once

#include "common/result.h"
#include "services/authservice.h"

#include <QByteArray>
#include <QString>

//! The JSON request bodies of the API, read into what the services take. Each function checks
//! every field and reports every violation at once (INVALID_JSON or VALIDATION_FAILED).
namespace RequestBodies {

//! POST /api/auth/register: {email, password, name}, the password under the strength rules.
Result<RegisterRequest> registration(const QByteArray &body);
//! POST /api/auth/login: {email, password}; the password only has to be present.
Result<LoginRequest> login(const QByteArray &body);
//! POST /api/auth/refresh and /logout: {refreshToken}, a non-empty string.
Result<QString> refreshToken(const QByteArray &body);
//! POST /api/bookings: {eventId}, a UUID, returned in canonical form.
Result<QString> eventId(const QByteArray &body);

} // namespace RequestBodies
