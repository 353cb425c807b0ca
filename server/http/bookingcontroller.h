#pragma once

class Authenticator;
class BookingService;
class QHttpServerRequest;
class QHttpServerResponder;
class QString;
class ReplyDispatcher;
class Router;

//! /api/bookings: book, list my bookings, cancel. Every route needs a bearer token.
class BookingController
{
public:
    BookingController(const BookingService &bookings, const Authenticator &authenticator,
                      ReplyDispatcher &replies);

    void registerRoutes(Router &router);

private:
    void create(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void list(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void cancel(const QString &id, const QHttpServerRequest &request,
                QHttpServerResponder &&responder);

    const BookingService &m_bookings;
    const Authenticator &m_authenticator;
    ReplyDispatcher &m_replies;
};
