#pragma once

#include "clientaddress.h"
#include "common/result.h"
#include "connectionlimits.h"
#include "livehub.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>

class AuthService;
class BookingEngine;
class BookingService;
class EventService;
class HealthService;
class IdempotencyService;
class PrometheusText;
class QThreadPool;
struct LiveMessage;

//! The HTTP side of the server: the QHttpServer behind the connection guard, every route, the
//! missing handler (404, 405, CORS preflight) and the reply machinery.
class HttpApi final : public QObject
{
    Q_OBJECT

public:
    struct Services
    {
        const AuthService &auth;
        const EventService &events;
        const BookingService &bookings;
        BookingEngine &engine;
        IdempotencyService &idempotency;
        const HealthService &health;
    };

    struct Options
    {
        //! Origins allowed for CORS and for opening the live feed.
        QList<QByteArray> allowedOrigins;
        ConnectionLimits limits;
        //! Requests waiting for a worker beyond this many are answered 503.
        int maxQueuedWork = 5000;
        //! Register, login and refresh attempts per minute and client address; 0: no limit.
        int authAttemptsPerMinute = 60;
        //! Failed sign-ins per 15 minutes and submitted email; 0: no limit.
        int loginFailuresPerWindow = 10;
        //! Booking requests (book, cancel) per minute and user; 0: no limit.
        int bookingRequestsPerMinute = 60;
        //! Threads that hash passwords (0: one per core), and how much work may wait for them
        //! before sign-ins are answered 503.
        int passwordThreads = 0;
        int maxQueuedPasswordWork = 64;
        //! Reverse proxies whose X-Forwarded-For names the client (addresses and ranges).
        QList<QPair<QHostAddress, int>> trustedProxies;
        LiveHub::Limits live;
        //! Who may read /metrics (METRICS_ALLOW); others get 404.
        QList<ClientAddress::Subnet> metricsAllowed;
        //! The server's metric families beyond the HTTP side's (on the HTTP thread).
        std::function<void(PrometheusText &)> metrics;
    };

    HttpApi(Services services, QThreadPool &workers, Options options, QObject *parent = nullptr);
    ~HttpApi() override;

    //! Starts listening; the port actually bound (useful with port 0).
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    //! Stops accepting connections at once (the listening socket closes: a client that comes
    //! now is refused); open ones finish their current request.
    void stopListening();
    //! Shutting down: requests that arrive from now on get 503 and their connection closes,
    //! those accepted before are answered (each connection closing once it is owed nothing),
    //! and the live feed's clients are closed with 1001 (going away).
    void beginDrain();
    //! Every request accepted has been answered and its answer has left, and every live client
    //! has gone: nothing is lost when the server stops now.
    bool isDrained() const;
    //! Requests accepted and not answered yet.
    int unansweredRequests() const;
    //! Sends a change to every client of the live feed.
    void publish(const LiveMessage &message);
    //! Tells the live feed's clients whether changes are being followed.
    void setFeedLive(bool live);
    int liveClients() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
