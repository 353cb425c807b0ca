#include "eventcontroller.h"

#include "common/apipaths.h"
#include "pathid.h"
#include "replydispatcher.h"
#include "replyfromresult.h"
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
    m_replies.replyLater(std::move(responder), RequestInfo::from(request),
                         EventQuery::fromQueryString(request.url().query(QUrl::FullyEncoded)),
                         [this](const EventQuery &query) {
                             return replyFromResult(
                                 m_events.list(query), 200,
                                 [](const EventPage &page) { return page.toJson(); });
                         });
}

void EventController::show(const QString &id, const QHttpServerRequest &request,
                           QHttpServerResponder &&responder)
{
    m_replies.replyLater(std::move(responder), RequestInfo::from(request), parsePathId(id, u"id"_s),
                         [this](const QString &eventId) {
                             return replyFromResult(
                                 m_events.find(eventId), 200,
                                 [](const Event &event) { return event.toJson(); });
                         });
}
