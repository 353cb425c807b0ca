#include "eventcontroller.h"

#include "common/apipaths.h"
#include "pathid.h"
#include "replydispatcher.h"
#include "revalidation.h"
#include "router.h"
#include "services/eventservice.h"

#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

EventController::EventController(const EventService &events, ReplyDispatcher &replies)
    : m_events(events)
    , m_replies(replies)
{ }

void EventController::registerRoutes(Router &router)
{
    router.add(Router::Method::Get, ApiPaths::Events,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   list(request, std::move(responder));
               });
    router.add(
        Router::Method::Get, ApiPaths::Events + u"/<arg>"_s,
        [this](const QString &id, const QHttpServerRequest &request,
               QHttpServerResponder &&responder) { show(id, request, std::move(responder)); });
}

void EventController::list(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const RequestInfo info = RequestInfo::from(request);
    auto query = EventQuery::fromQueryString(request.url().query(QUrl::FullyEncoded));
    const QByteArray ifNoneMatch = request.value("If-None-Match"_ba);
    // Kept answers go out from here: no trip to the worker pool.
    if (query) {
        if (const auto cached = m_events.cachedPage(*query)) {
            m_replies.reply(responder, info, Revalidation::reply(*cached, ifNoneMatch));
            return;
        }
    }
    m_replies.replyLater(std::move(responder), info, std::move(query),
                         [this, ifNoneMatch](const EventQuery &valid) {
                             return replyFor(m_events.page(valid), ifNoneMatch);
                         });
}

void EventController::show(const QString &id, const QHttpServerRequest &request,
                           QHttpServerResponder &&responder)
{
    const RequestInfo info = RequestInfo::from(request);
    auto eventId = parsePathId(id, u"id"_s);
    const QByteArray ifNoneMatch = request.value("If-None-Match"_ba);
    if (eventId) {
        if (const auto cached = m_events.cachedEvent(*eventId)) {
            m_replies.reply(responder, info, Revalidation::reply(*cached, ifNoneMatch));
            return;
        }
    }
    m_replies.replyLater(std::move(responder), info, std::move(eventId),
                         [this, ifNoneMatch](const QString &valid) {
                             return replyFor(m_events.event(valid), ifNoneMatch);
                         });
}

HttpReply EventController::replyFor(const Result<CachedBody> &body, const QByteArray &ifNoneMatch)
{
    if (!body)
        return HttpReply::fromError(body.error());
    return Revalidation::reply(*body, ifNoneMatch);
}
