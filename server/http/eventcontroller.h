#pragma once

#include "common/result.h"
#include "httpreply.h"

struct CachedBody;

class EventService;
class QHttpServerRequest;
class QHttpServerResponder;
class QString;
class ReplyDispatcher;
class Router;

//! /api/events: the paginated listing and single events, answered from the event cache when it
//! has them (on the HTTP thread, without the worker pool), with ETags for conditional GETs.
class EventController
{
public:
    EventController(const EventService &events, ReplyDispatcher &replies);

    void registerRoutes(Router &router);

private:
    void list(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void show(const QString &id, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);

    static HttpReply replyFor(const Result<CachedBody> &body, const QByteArray &ifNoneMatch);

    const EventService &m_events;
    ReplyDispatcher &m_replies;
};
