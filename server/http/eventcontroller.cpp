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
    answer(request, std::move(responder),
           EventQuery::fromQueryString(request.url().query(QUrl::FullyEncoded)),
           &EventService::cachedPage, &EventService::page);
}

void EventController::show(const QString &id, const QHttpServerRequest &request,
                           QHttpServerResponder &&responder)
{
    answer(request, std::move(responder), parsePathId(id, u"id"_s), &EventService::cachedEvent,
           &EventService::event);
}

template<typename Input>
void EventController::answer(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                             Result<Input> input, Cached<Input> cached, Load<Input> load)
{
    const RequestInfo info = RequestInfo::from(request);
    const QByteArray ifNoneMatch = request.value("If-None-Match"_ba);
    // Kept answers go out from here: no trip to the worker pool.
    if (input) {
        if (const auto kept = (m_events.*cached)(*input)) {
            m_replies.reply(responder, info, Revalidation::reply(*kept, ifNoneMatch));
            return;
        }
    }
    m_replies.replyLater(std::move(responder), info, std::move(input),
                         [this, load, ifNoneMatch](const Input &valid) {
                             const Result<CachedBody> body = (m_events.*load)(valid);
                             if (!body)
                                 return HttpReply::fromError(body.error());
                             return Revalidation::reply(*body, ifNoneMatch);
                         });
}
