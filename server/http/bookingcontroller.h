#pragma once

#include "idempotencygate.h"

class Authenticator;
class BookingEngine;
class BookingService;
class IdempotencyService;
class QHttpServerRequest;
class QHttpServerResponder;
class QString;
class RateLimiter;
struct RequestInfo;
class ReplyDispatcher;
class Router;

//! /api/bookings: book, list my bookings, show one, cancel. Every route needs a bearer token;
//! booking and cancelling count against the user's rate limit (`limiter`).
class BookingController
{
public:
    BookingController(BookingEngine &engine, const BookingService &bookings,
                      IdempotencyService &idempotency, const Authenticator &authenticator,
                      RateLimiter &limiter, ReplyDispatcher &replies);

    void registerRoutes(Router &router);

private:
    void create(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void list(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void show(const QString &id, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);
    void cancel(const QString &id, const QHttpServerRequest &request,
                QHttpServerResponder &&responder);
    //! The shape of the routes on one booking: the caller, the path's id, then `work` on the
    //! worker pool.
    void replyForBooking(
        const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder,
        const std::function<HttpReply(const QString &userId, const QString &bookingId)> &work);

    //! False (with a 429 sent) when the user has made too many booking requests.
    bool admit(const QString &userId, QHttpServerResponder &responder, const RequestInfo &info);

    BookingEngine &m_engine;
    const BookingService &m_bookings;
    IdempotencyGate m_idempotency;
    const Authenticator &m_authenticator;
    RateLimiter &m_limiter;
    ReplyDispatcher &m_replies;
};
