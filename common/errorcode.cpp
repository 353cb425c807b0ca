#include "errorcode.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct CodeInfo
{
    ErrorCode code;
    QStringView name;
    int status;
    QStringView message;
};

constexpr std::array codeTable{
    CodeInfo{ErrorCode::ValidationFailed, u"VALIDATION_FAILED", 400, u"Validation failed"},
    CodeInfo{ErrorCode::InvalidJson, u"INVALID_JSON", 400, u"Request body must be a JSON object"},
    CodeInfo{ErrorCode::Unauthorized, u"UNAUTHORIZED", 401, u"Unauthorized"},
    CodeInfo{ErrorCode::InvalidCredentials, u"INVALID_CREDENTIALS", 401, u"Invalid credentials"},
    CodeInfo{ErrorCode::PaymentFailed, u"PAYMENT_FAILED", 402,
             u"The payment was declined; the ticket was released"},
    CodeInfo{ErrorCode::Forbidden, u"FORBIDDEN", 403, u"Forbidden"},
    CodeInfo{ErrorCode::EventNotFound, u"EVENT_NOT_FOUND", 404, u"Event not found"},
    CodeInfo{ErrorCode::BookingNotFound, u"BOOKING_NOT_FOUND", 404, u"Booking not found"},
    CodeInfo{ErrorCode::NotFound, u"NOT_FOUND", 404, u"Not found"},
    CodeInfo{ErrorCode::MethodNotAllowed, u"METHOD_NOT_ALLOWED", 405, u"Method not allowed"},
    CodeInfo{ErrorCode::EmailTaken, u"EMAIL_TAKEN", 409, u"Email already registered"},
    CodeInfo{ErrorCode::SoldOut, u"SOLD_OUT", 409, u"No tickets available"},
    CodeInfo{ErrorCode::AlreadyBooked, u"ALREADY_BOOKED", 409, u"Already booked"},
    CodeInfo{ErrorCode::AlreadyCancelled, u"ALREADY_CANCELLED", 409,
             u"Booking is already cancelled"},
    CodeInfo{ErrorCode::HoldExpired, u"HOLD_EXPIRED", 409,
             u"The ticket hold expired or was cancelled before the payment completed"},
    CodeInfo{ErrorCode::IdempotencyInFlight, u"IDEMPOTENCY_IN_FLIGHT", 409,
             u"A request with this Idempotency-Key is still being processed"},
    CodeInfo{ErrorCode::PayloadTooLarge, u"PAYLOAD_TOO_LARGE", 413, u"Request is too large"},
    CodeInfo{ErrorCode::RequestTimeout, u"REQUEST_TIMEOUT", 408,
             u"The request did not arrive in time"},
    CodeInfo{ErrorCode::HeadersTooLarge, u"HEADERS_TOO_LARGE", 431,
             u"Request headers are too large"},
    CodeInfo{ErrorCode::UpgradeRequired, u"UPGRADE_REQUIRED", 426,
             u"This endpoint is a WebSocket: connect with an Upgrade request"},
    CodeInfo{ErrorCode::IdempotencyKeyReused, u"IDEMPOTENCY_KEY_REUSED", 422,
             u"This Idempotency-Key was used with a different request"},
    CodeInfo{ErrorCode::RateLimited, u"RATE_LIMITED", 429, u"Too many requests"},
    CodeInfo{ErrorCode::Internal, u"INTERNAL", 500, u"Internal server error"},
    CodeInfo{ErrorCode::ServiceUnavailable, u"SERVICE_UNAVAILABLE", 503,
             u"Service temporarily unavailable, please retry"},
    CodeInfo{ErrorCode::NetworkError, u"NETWORK_ERROR", 0, u"The server could not be reached"},
    CodeInfo{ErrorCode::InvalidResponse, u"INVALID_RESPONSE", 0,
             u"The server sent a response that could not be understood"},
    CodeInfo{ErrorCode::UnknownCode, u"UNKNOWN_CODE", 0,
             u"The server answered with an error this client does not know"},
};

const CodeInfo &infoFor(ErrorCode code)
{
    for (const auto &info : codeTable) {
        if (info.code == code)
            return info;
    }
    Q_UNREACHABLE();
}

} // namespace

namespace ErrorCodes {

QString name(ErrorCode code)
{
    return infoFor(code).name.toString();
}

ErrorCode fromName(QStringView name)
{
    for (const auto &info : codeTable) {
        if (info.name == name)
            return info.code;
    }
    return ErrorCode::UnknownCode;
}

int httpStatus(ErrorCode code)
{
    return infoFor(code).status;
}

QString defaultMessage(ErrorCode code)
{
    return infoFor(code).message.toString();
}

} // namespace ErrorCodes
