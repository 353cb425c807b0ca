#pragma once

#include <QString>

//! Stable machine-readable error codes of the API contract (`code` in every error body).
//! The server maps each to an HTTP status; the client maps the wire name back to the enum.
enum class ErrorCode {
    ValidationFailed,
    InvalidJson,
    Unauthorized,
    InvalidCredentials,
    PaymentFailed, //!< beyond the seed: the payment was declined, the hold released
    Forbidden,
    EventNotFound,
    BookingNotFound,
    NotFound,
    MethodNotAllowed,
    EmailTaken,
    SoldOut,
    AlreadyBooked,
    AlreadyCancelled,
    HoldExpired, //!< beyond the seed: the hold ran out or was cancelled before the payment ended
    IdempotencyInFlight, //!< beyond the seed: the first request with this key still runs
    IdempotencyKeyReused, //!< beyond the seed: the key was used for another request
    PayloadTooLarge,
    RequestTimeout, //!< beyond the seed: the request did not arrive in time
    HeadersTooLarge, //!< beyond the seed: the request line and headers are over the limit
    UpgradeRequired, //!< beyond the seed: a plain GET of the live feed
    RateLimited,
    Internal,
    ServiceUnavailable,
    //! Client-side only: the server could not be reached or the reply was not understood.
    NetworkError,
    InvalidResponse,
    //! Client-side only: an error reply whose code this client does not know (a newer server,
    //! a proxy's own error page). The Error keeps the reply's HTTP status and message.
    UnknownCode,
};

namespace ErrorCodes {

//! The wire name, e.g. "SOLD_OUT".
QString name(ErrorCode code);
//! The code for a wire name; UnknownCode for a name this build does not know.
ErrorCode fromName(QStringView name);
//! The HTTP status the contract assigns to the code.
int httpStatus(ErrorCode code);
//! The contract's default message, e.g. "No tickets available".
QString defaultMessage(ErrorCode code);

} // namespace ErrorCodes
