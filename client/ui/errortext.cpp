#include "errortext.h"

QString ErrorText::describe(const Error &error)
{
    switch (error.code) {
    case ErrorCode::ValidationFailed:
        return tr("Some of the details are not valid. Please check them.");
    case ErrorCode::InvalidJson:
    case ErrorCode::InvalidResponse:
        return tr("The server sent an answer this app does not understand. Is the address "
                  "right, and is it up to date?");
    case ErrorCode::Unauthorized:
        return tr("Your session has ended. Please sign in again.");
    case ErrorCode::InvalidCredentials:
        return tr("The email address or the password is wrong.");
    case ErrorCode::Forbidden:
        return tr("You can only cancel your own bookings.");
    case ErrorCode::EventNotFound:
        return tr("This event no longer exists.");
    case ErrorCode::BookingNotFound:
        return tr("This booking no longer exists.");
    case ErrorCode::NotFound:
    case ErrorCode::MethodNotAllowed:
    case ErrorCode::UpgradeRequired:
        return tr("The server does not offer this. Is the address the booking server's?");
    case ErrorCode::EmailTaken:
        return tr("An account with this email address exists already. Sign in instead?");
    case ErrorCode::SoldOut:
        return tr("Sold out: there are no tickets left for this event.");
    case ErrorCode::AlreadyBooked:
        return tr("You have booked this event already.");
    case ErrorCode::AlreadyCancelled:
        return tr("This booking was cancelled already.");
    case ErrorCode::PaymentFailed:
        return tr("The payment was declined, so the ticket was released. You can try again.");
    case ErrorCode::HoldExpired:
        return tr("The ticket was held for you, but the payment did not finish in time, so it "
                  "was released.");
    case ErrorCode::IdempotencyInFlight:
        return tr("This booking is still being processed. Please wait a moment.");
    case ErrorCode::IdempotencyKeyReused:
        return tr("This request clashes with an earlier one. Please try again.");
    case ErrorCode::PayloadTooLarge:
    case ErrorCode::HeadersTooLarge:
        return tr("That is too much text to send.");
    case ErrorCode::RequestTimeout:
        return tr("The connection to the server is too slow. Please try again.");
    case ErrorCode::RateLimited:
        return tr("Too many attempts. Please wait a minute and try again.");
    case ErrorCode::Internal:
        return tr("Something went wrong on the server. Please try again.");
    case ErrorCode::ServiceUnavailable:
        return tr("The server is busy or restarting. Please try again in a moment.");
    case ErrorCode::NetworkError:
        return tr("The server cannot be reached. Check the address and your connection.");
    case ErrorCode::UnknownCode:
        return unknownCode(error);
    }
    return tr("Something went wrong. Please try again.");
}

QString ErrorText::unknownCode(const Error &error)
{
    // A newer server's error, or a proxy's: what it said is all there is to tell, and the
    // status tells the user (or whoever they ask) where to look.
    const QString status = QString::number(error.httpStatus);
    const QString message = error.message.trimmed();
    if (error.httpReason.isEmpty()) {
        return message.isEmpty() ? tr("The server answered %1.").arg(status)
                                 : tr("The server answered %1: %2").arg(status, message);
    }
    return message.isEmpty()
        ? tr("The server answered %1 (%2).").arg(status, error.httpReason)
        : tr("The server answered %1 (%2): %3").arg(status, error.httpReason, message);
}

QString ErrorText::describe(const Violation &violation)
{
    using Rule = Violation::Rule;
    switch (violation.rule) {
    case Rule::Required:
        return tr("Required.");
    case Rule::NotEmail:
        return tr("This is not an email address.");
    case Rule::TooShort:
        return tr("At least %n character(s).", nullptr, int(violation.limit));
    case Rule::TooLong:
        return tr("At most %n character(s).", nullptr, int(violation.limit));
    case Rule::TooLongBytes:
        return tr("Too long: at most %n bytes (fewer with accents and symbols).", nullptr,
                  int(violation.limit));
    case Rule::NeedsLetterAndDigit:
        return tr("Use at least one letter and one digit.");
    case Rule::ContainsNul:
    case Rule::NotString:
    case Rule::NotInteger:
    case Rule::NotUuid:
    case Rule::BelowMinimum:
    case Rule::AboveMaximum:
    case Rule::NotOneOf:
    case Rule::Repeated:
        break;
    }
    return tr("Not valid.");
}
