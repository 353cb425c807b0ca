// Fuzzes the reading of JSON bodies: the server's request bodies (register, login, refresh and
// logout, booking) as RequestBodies reads them into what the services take, and the client's
// readers of the server's answers (common/: User, AuthResult, Event, EventPage, Booking,
// BookingConfirmation, LiveMessage through JsonReader). Beyond no crash and no undefined
// behaviour: whatever a request body reader accepts obeys the API's input rules.

#include "common/booking.h"
#include "common/event.h"
#include "common/livemessage.h"
#include "common/user.h"
#include "common/validation.h"
#include "fuzzcheck.h"
#include "http/jsonbody.h"
#include "http/requestbodies.h"

#include <cstddef>
#include <cstdint>

namespace {

//! A refused body is INVALID_JSON, or VALIDATION_FAILED naming every violation.
template<typename T>
void checkRefusal(const Result<T> &result)
{
    if (result)
        return;
    const Error &error = result.error();
    FUZZ_CHECK(error.code == ErrorCode::InvalidJson || error.code == ErrorCode::ValidationFailed);
    FUZZ_CHECK(!error.message.isEmpty());
    if (error.code == ErrorCode::ValidationFailed)
        FUZZ_CHECK(!error.details.isEmpty());
}

void checkRequestBodies(const QByteArray &body)
{
    const auto registration = RequestBodies::registration(body);
    checkRefusal(registration);
    if (registration) {
        FUZZ_CHECK(Validation::checkEmail(registration->email).isEmpty());
        FUZZ_CHECK(Validation::checkNewPassword(registration->password).isEmpty());
        FUZZ_CHECK(Validation::checkName(registration->name).isEmpty());
    }

    const auto login = RequestBodies::login(body);
    checkRefusal(login);
    if (login) {
        FUZZ_CHECK(Validation::checkEmail(login->email).isEmpty());
        FUZZ_CHECK(!login->password.isEmpty() && !login->password.contains(QChar(0)));
    }
    // A body good enough to register with is good enough to sign in with.
    if (registration)
        FUZZ_CHECK(login.ok());

    const auto refreshToken = RequestBodies::refreshToken(body);
    checkRefusal(refreshToken);
    if (refreshToken)
        FUZZ_CHECK(!refreshToken->isEmpty() && !refreshToken->contains(QChar(0)));

    const auto eventId = RequestBodies::eventId(body);
    checkRefusal(eventId);
    if (eventId) {
        FUZZ_CHECK(Validation::isUuid(*eventId));
        FUZZ_CHECK(*eventId == eventId->toLower() && eventId->size() == 36);
    }
}

//! The client's readers must refuse what they cannot read, never misbehave; what they accept
//! they can write out again.
template<typename T>
void readAnswer(const QJsonObject &object)
{
    const auto value = T::fromJson(object);
    if (value)
        (void)value->toJson();
    else
        FUZZ_CHECK(value.error().code == ErrorCode::InvalidResponse);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Not copied: ASan sees a read past the input's end.
    const QByteArray body
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    checkRequestBodies(body);

    const auto object = JsonBody::parseObject(body);
    if (!object)
        return 0;
    readAnswer<User>(*object);
    readAnswer<AuthResult>(*object);
    readAnswer<Event>(*object);
    readAnswer<EventPage>(*object);
    readAnswer<Booking>(*object);
    readAnswer<BookingConfirmation>(*object);
    readAnswer<LiveMessage>(*object);
    (void)LiveMessage::parseFeedStatus(*object);
    return 0;
}
