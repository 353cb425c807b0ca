#include "bookingcontroller.h"

#include "authenticator.h"
#include "common/apipaths.h"
#include "pathid.h"
#include "ratelimiter.h"
#include "replydispatcher.h"
#include "replyfromresult.h"
#include "requestbodies.h"
#include "router.h"
#include "services/bookingengine.h"
#include "services/bookingservice.h"
#include "services/idempotencyservice.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

namespace {

//! The Idempotency-Key header: nullopt when absent, an error when present but malformed.
Result<std::optional<QString>> parseIdempotencyKey(const QHttpServerRequest &request)
{
    std::optional<QString> key;
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("Idempotency-Key", Qt::CaseInsensitive) != 0)
            continue;
        if (key || !IdempotencyService::isValidKey(value))
            return Error(ErrorCode::ValidationFailed,
                         u"Idempotency-Key must be one header of 1 to %1 visible ASCII "
                         u"characters"_s.arg(IdempotencyService::MaxKeyLength));
        key = QString::fromLatin1(value);
    }
    return key;
}

//! RFC 7240: `Prefer: respond-async` (among other preferences) asks for 202 at once.
bool prefersAsync(const QHttpServerRequest &request)
{
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("Prefer", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &preference : value.split(',')) {
            if (preference.split(';').constFirst().trimmed().compare("respond-async",
                                                                     Qt::CaseInsensitive)
                == 0)
                return true;
        }
    }
    return false;
}

//! What a repeat with the same key must match: the route and the event booked.
QByteArray bookingRequestHash(const QString &eventId)
{
    const QByteArray request
        = "POST "_ba + QByteArray(ApiPaths::Bookings.data()) + ' ' + eventId.toLatin1();
    return QCryptographicHash::hash(request, QCryptographicHash::Sha256);
}

HttpReply bookingReply(const Result<BookingConfirmation> &result)
{
    if (!result)
        return HttpReply::fromError(result.error());
    if (result->booking.status != BookingStatus::Pending)
        return HttpReply::json(201, result->toJson());
    // Answered before the payment: where to follow it.
    HttpReply reply = HttpReply::json(202, result->toJson());
    reply.headers.append(
        {"Location"_ba,
         QByteArray(ApiPaths::Bookings.data()) + '/' + result->booking.id.toLatin1()});
    reply.headers.append({"Preference-Applied"_ba, "respond-async"_ba});
    return reply;
}

QJsonObject bookingJson(const Booking &booking)
{
    return booking.toJson();
}

} // namespace

BookingController::BookingController(BookingEngine &engine, const BookingService &bookings,
                                     IdempotencyService &idempotency,
                                     const Authenticator &authenticator, RateLimiter &limiter,
                                     ReplyDispatcher &replies)
    : m_engine(engine)
    , m_bookings(bookings)
    , m_idempotency(idempotency)
    , m_authenticator(authenticator)
    , m_limiter(limiter)
    , m_replies(replies)
{ }

bool BookingController::admit(const QString &userId, QHttpServerResponder &responder,
                              const RequestInfo &info)
{
    const int waitSeconds = m_limiter.acquire(userId);
    if (waitSeconds == 0)
        return true;
    m_replies.reply(
        responder, info,
        m_limiter.refusal(waitSeconds,
                          u"Too many booking requests, retry in %1 seconds"_s.arg(waitSeconds)));
    return false;
}

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
        Router::Method::Get, ApiPaths::Bookings + u"/<arg>"_s,
        [this](const QString &id, const QHttpServerRequest &request,
               QHttpServerResponder &&responder) { show(id, request, std::move(responder)); });
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
    if (!admit(caller->userId, responder, info))
        return;
    auto eventId = RequestBodies::eventId(request.body());
    if (!eventId)
        return m_replies.reply(responder, info, HttpReply::fromError(eventId.error()));
    auto key = parseIdempotencyKey(request);
    if (!key)
        return m_replies.reply(responder, info, HttpReply::fromError(key.error()));
    const auto answer = prefersAsync(request) ? BookingEngine::Answer::AfterReserve
                                              : BookingEngine::Answer::AfterPayment;
    // No worker waits for a booking: the engine queues it with the event's other buyers and
    // the payment runs on a timer.
    m_replies.replyWhenReady(
        std::move(responder), info,
        [this, userId = caller->userId, eventId = *eventId, key = *key,
         answer](const ReplyDispatcher::Later &later) {
            const auto book = [this, userId, eventId, answer,
                               waiting = later.waiting](const IdempotencyGate::Answer &send) {
                m_engine.book(
                    userId, eventId, answer,
                    [send](const Result<BookingConfirmation> &result) {
                        send(bookingReply(result));
                    },
                    waiting);
            };
            if (key)
                m_idempotency.run(userId, *key, bookingRequestHash(eventId), later.send, book);
            else
                book(later.send);
        });
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

void BookingController::show(const QString &id, const QHttpServerRequest &request,
                             QHttpServerResponder &&responder)
{
    replyForBooking(
        id, request, std::move(responder), [this](const QString &userId, const QString &bookingId) {
            return replyFromResult(m_bookings.find(userId, bookingId), 200, bookingJson);
        });
}

void BookingController::cancel(const QString &id, const QHttpServerRequest &request,
                               QHttpServerResponder &&responder)
{
    const auto caller = m_authenticator.authenticate(request);
    if (caller && !admit(caller->userId, responder, RequestInfo::from(request)))
        return;
    replyForBooking(
        id, request, std::move(responder), [this](const QString &userId, const QString &bookingId) {
            return replyFromResult(m_bookings.cancel(userId, bookingId), 200, bookingJson);
        });
}

void BookingController::replyForBooking(
    const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder,
    const std::function<HttpReply(const QString &userId, const QString &bookingId)> &work)
{
    const RequestInfo info = RequestInfo::from(request);
    auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return m_replies.reply(responder, info, HttpReply::fromError(caller.error()));
    m_replies.replyLater(std::move(responder), info, parsePathId(id, u"id"_s),
                         [work, userId = caller->userId](const QString &bookingId) {
                             return work(userId, bookingId);
                         });
}
