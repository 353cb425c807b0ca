#include "httpapi.h"

#include "authcontroller.h"
#include "authenticator.h"
#include "bookingcontroller.h"
#include "clientaddress.h"
#include "common/apipaths.h"
#include "eventcontroller.h"
#include "guardcontext.h"
#include "guardedsocket.h"
#include "guardedtcpserver.h"
#include "metricscontroller.h"
#include "ratelimiter.h"
#include "replydispatcher.h"
#include "replywriter.h"
#include "router.h"
#include "systemcontroller.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QThread>
#include <QThreadPool>
#include <QWebSocket>

using namespace Qt::StringLiterals;

struct HttpApi::Private
{
    Private(Services services, QThreadPool &workers, const Options &options, HttpApi *owner)
        : writer(Cors(options.allowedOrigins))
        , replies(workers, writer, options.maxQueuedWork, owner)
        , passwordReplies(passwordPool, writer,
                          passwordThreadCount(options) + options.maxQueuedPasswordWork, owner,
                          ReplyDispatcher::Priority::Low)
        , authenticator(services.auth)
        , authLimiter({"auth", options.authAttemptsPerMinute, std::chrono::minutes(1)})
        , failedSignIns(
              {"login-failures", options.loginFailuresPerWindow, std::chrono::minutes(15)})
        , bookingLimiter({"bookings", options.bookingRequestsPerMinute, std::chrono::minutes(1)})
        , clientAddress(options.trustedProxies)
        , router(server)
        , authController(services.auth, authenticator, {authLimiter, failedSignIns}, clientAddress,
                         replies, passwordReplies)
        , eventController(services.events, replies)
        , bookingController(services.engine, services.bookings, services.idempotency, authenticator,
                            bookingLimiter, replies)
        , systemController(services.health, replies)
        , guard(std::make_shared<GuardContext>(options.limits, Cors(options.allowedOrigins),
                                               ClientAddress(options.trustedProxies)))
        , live(options.live)
        , metricsController({guard->metrics, live, options.metrics}, options.metricsAllowed,
                            clientAddress, replies)
    { }

    void missing(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    static int passwordThreadCount(const Options &options)
    {
        return options.passwordThreads > 0 ? options.passwordThreads
                                           : std::max(1, QThread::idealThreadCount());
    }

    ReplyWriter writer;
    //! Password hashing has threads of its own: a sign-in flood leaves the database workers
    //! to reads and bookings.
    ReplyDispatcher replies;
    ReplyDispatcher passwordReplies;
    //! Declared after its dispatcher: it is destroyed (waiting for its work) first.
    QThreadPool passwordPool;
    Authenticator authenticator;
    RateLimiter authLimiter;
    RateLimiter failedSignIns;
    RateLimiter bookingLimiter;
    ClientAddress clientAddress;
    QHttpServer server;
    Router router;
    AuthController authController;
    EventController eventController;
    BookingController bookingController;
    SystemController systemController;
    std::shared_ptr<GuardContext> guard;
    LiveHub live;
    MetricsController metricsController;
    GuardedTcpServer *tcpServer = nullptr;
};

void HttpApi::Private::missing(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const RequestTrace::Scope scope(responder, router.routeOf(request.url().path()));
    const RequestInfo info = RequestInfo::from(request);
    const QByteArray allowed = router.allowedMethods(request.url().path());
    if (allowed.isEmpty()) {
        const QString method = QString::fromLatin1(Router::methodName(request.method()));
        replies.reply(
            responder, info,
            HttpReply::fromError(
                Error(ErrorCode::NotFound, u"Cannot "_s + method + u' ' + request.url().path())));
        return;
    }
    if (request.method() == QHttpServerRequest::Method::Options) {
        HttpReply preflight = HttpReply::noContent();
        preflight.headers = writer.cors().preflightHeaders(info.origin, allowed);
        preflight.headers.append({"Allow"_ba, allowed});
        preflight.corsApplied = true;
        replies.reply(responder, info, std::move(preflight));
        return;
    }
    HttpReply reply = HttpReply::fromError(Error(ErrorCode::MethodNotAllowed));
    reply.headers.append({"Allow"_ba, allowed});
    replies.reply(responder, info, std::move(reply));
}

HttpApi::HttpApi(Services services, QThreadPool &workers, Options options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(services, workers, options, this))
{
    d->passwordPool.setObjectName(u"password-pool"_s);
    d->passwordPool.setMaxThreadCount(Private::passwordThreadCount(options));
    d->authController.registerRoutes(d->router);
    d->eventController.registerRoutes(d->router);
    d->bookingController.registerRoutes(d->router);
    d->systemController.registerRoutes(d->router);
    d->metricsController.registerRoutes(d->router);
    // The live feed. QHttpServer 6.4 runs the route, then hands an upgrade request to the
    // WebSocket server: the route must write nothing then. A plain GET gets 426. (The guard
    // lets an Upgrade header through only in a complete WebSocket handshake on this path.)
    d->router.add(Router::Method::Get, ApiPaths::Live,
                  [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                      if (!request.value("Upgrade"_ba).isEmpty())
                          return;
                      HttpReply reply = HttpReply::fromError(Error(ErrorCode::UpgradeRequired));
                      reply.headers.append({"Upgrade"_ba, "websocket"_ba});
                      d->replies.reply(responder, RequestInfo::from(request), std::move(reply));
                  });
    connect(&d->server, &QHttpServer::newWebSocketConnection, this, [this] {
        while (d->server.hasPendingWebSocketConnections()) {
            std::unique_ptr<QWebSocket> socket = d->server.nextPendingWebSocketConnection();
            // The guarded connection it was upgraded from: the feed writes its frames to it.
            GuardedSocket *transport
                = d->guard->upgraded.value(qMakePair(socket->peerAddress(), socket->peerPort()));
            d->live.accept(std::move(socket), transport);
        }
    });
    d->server.setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            d->missing(request, std::move(responder));
        });
}

HttpApi::~HttpApi() = default;

Result<quint16> HttpApi::listen(const QHostAddress &address, quint16 port)
{
    auto tcpServer = std::make_unique<GuardedTcpServer>(d->guard);
    if (!tcpServer->listen(address, port)) {
        return Error(ErrorCode::Internal,
                     u"cannot listen on "_s + address.toString() + u':' + QString::number(port)
                         + u": "_s + tcpServer->errorString());
    }
    const quint16 bound = tcpServer->serverPort();
    d->tcpServer = tcpServer.release();
    d->server.bind(d->tcpServer); // the QHttpServer takes ownership
    return bound;
}

void HttpApi::publish(const LiveMessage &message)
{
    d->live.broadcast(message);
}

void HttpApi::setFeedLive(bool live)
{
    d->live.setFeedLive(live);
}

int HttpApi::liveClients() const
{
    return d->live.clientCount();
}

void HttpApi::stopListening()
{
    if (d->tcpServer)
        d->tcpServer->close();
}

void HttpApi::beginDrain()
{
    // All at once: a dispatcher still taking work while another drains would let new
    // bookings (and their payments) in after the signal.
    d->replies.beginDrain();
    d->passwordReplies.beginDrain();
    d->guard->draining = true;
    d->live.closeAll();
}

int HttpApi::unansweredRequests() const
{
    return d->replies.pending() + d->passwordReplies.pending();
}

bool HttpApi::isDrained() const
{
    if (unansweredRequests() > 0 || d->live.clientCount() > 0)
        return false;
    // The last answers must have left for the kernel: what is still in a socket's buffer when
    // the process exits is lost.
    if (d->tcpServer) {
        const auto sockets = d->tcpServer->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
        for (const QTcpSocket *socket : sockets) {
            const bool unsent
                = socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() > 0;
            if (unsent || socket->state() == QAbstractSocket::ClosingState)
                return false;
        }
    }
    return true;
}
