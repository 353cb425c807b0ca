#pragma once

class EventService;
class QHttpServerRequest;
class QHttpServerResponder;
class QString;
class ReplyDispatcher;
class Router;

//! /api/events: the paginated listing and single events.
class EventController
{
public:
    EventController(const EventService &events, ReplyDispatcher &replies);

    void registerRoutes(Router &router);

private:
    void list(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void show(const QString &id, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);

    const EventService &m_events;
    ReplyDispatcher &m_replies;
};
