#include "bookingcontroller.h"

#include "authenticator.h"
#include "common/apipaths.h"
#include "common/jsonkeys.h"
#include "common/validation.h"
#include "jsonbody.h"
#include "pathid.h"
#include "replydispatcher.h"
#include "replyfromresult.h"
#include "router.h"
#include "services/bookingservice.h"

#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

namespace {

Result<QString> parseEventId(const QByteArray &body)
{
    auto object = JsonBody::parseObject(body);
    if (!object)
        return object.error();
    Violations violations;
    const auto text = JsonBody::string(*object, JsonKeys::EventId, violations);
    if (text && !Validation::isUuid(*text))
        violations.append({JsonKeys::EventId, Violation::Rule::NotUuid});
    if (!violations.isEmpty())
        return JsonBody::validationError(violations);
    return Validation::canonicalUuid(*text);
}

} // namespace

BookingController::BookingController(const BookingService &bookings,
                                     const Authenticator &authenticator, ReplyDispatcher &replies)
    : m_bookings(bookings)
    , m_authenticator(authenticator)
    , m_replies(replies)
{ }

void BookingController::registerRoutes(Router &router)
{
    router.add(Router::Method::Post, ApiPaths::Bookings,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   create(request, std::move(responder));
               });
    router.add(Router::Method::Get, ApiPaths::Bookings,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   list(request, std::move(responder));
               });
    router.add(
        Router::Method::Delete, ApiPaths::Bookings + u"/<arg>"_s,
        [this](const QString &id, const QHttpServerRequest &request,
               QHttpServerResponder &&responder) { cancel(id, request, std::move(responder)); });
}

void BookingController::create(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const RequestInfo info = RequestInfo::from(request);
    auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return m_replies.reply(responder, info, HttpReply::fromError(caller.error()));
    auto eventId = parseEventId(request.body());
    if (!eventId)
        return m_replies.reply(responder, info, HttpReply::fromError(eventId.error()));
    // One lane per event: its buyers queue here instead of each holding a worker.
    m_replies.replyLater(
        std::move(responder), info,
        [this, userId = caller->userId, eventId = *eventId] {
            return replyFromResult(m_bookings.book(userId, eventId), 201,
                                   [](const BookingConfirmation &done) { return done.toJson(); });
        },
        u"event:"_s + *eventId);
}

void BookingController::list(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    m_replies.replyLater(std::move(responder), RequestInfo::from(request),
                         m_authenticator.authenticate(request), [this](const AccessClaims &caller) {
                             return replyFromResult(m_bookings.list(caller.userId), 200,
                                                    [](const QList<Booking> &bookings) {
                                                        QJsonArray array;
                                                        for (const Booking &booking : bookings)
                                                            array.append(booking.toJson());
                                                        return array;
                                                    });
                         });
}

void BookingController::cancel(const QString &id, const QHttpServerRequest &request,
                               QHttpServerResponder &&responder)
{
    const RequestInfo info = RequestInfo::from(request);
    auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return m_replies.reply(responder, info, HttpReply::fromError(caller.error()));
    m_replies.replyLater(std::move(responder), info, parsePathId(id, u"id"_s),
                         [this, userId = caller->userId](const QString &bookingId) {
                             return replyFromResult(
                                 m_bookings.cancel(userId, bookingId), 200,
                                 [](const Booking &booking) { return booking.toJson(); });
                         });
}
