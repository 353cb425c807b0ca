#pragma once

#include "common/result.h"
#include "httpreply.h"

#include <optional>

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

    template<typename Input>
    using Cached = std::optional<CachedBody> (EventService::*)(const Input &) const;
    template<typename Input>
    using Load = Result<CachedBody> (EventService::*)(const Input &) const;
    //! From the cache on this thread if it has the answer, else from the service on the pool.
    template<typename Input>
    void answer(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                Result<Input> input, Cached<Input> cached, Load<Input> load);

    const EventService &m_events;
    ReplyDispatcher &m_replies;
};
