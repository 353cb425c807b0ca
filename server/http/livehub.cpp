#include "livehub.h"

#include "common/apipaths.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QWebSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcLive, "booking.server.http.live", QtInfoMsg)

LiveHub::LiveHub(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
    m_pingTimer.setInterval(limits.pingInterval);
    connect(&m_pingTimer, &QTimer::timeout, this, &LiveHub::pingAll);
    m_pingTimer.start();
}

LiveHub::~LiveHub()
{
    for (QWebSocket *socket : m_clients.keys()) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

void LiveHub::accept(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket *socket = owned.release();
    socket->setParent(this);
    // QHttpServer 6.4 upgrades any path; only /api/live is the feed.
    if (socket->requestUrl().path() != ApiPaths::Live) {
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"Unknown path"_s);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    m_clients.insert(socket, Client{});
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { drop(socket, nullptr); });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (auto it = m_clients.find(socket); it != m_clients.end())
            it->answered = true;
    });
    qCDebug(lcLive) << "live client connected;" << m_clients.size() << "connected";
}

void LiveHub::broadcast(const LiveMessage &message)
{
    const QString text
        = QString::fromUtf8(QJsonDocument(message.toJson()).toJson(QJsonDocument::Compact));
    const QList<QWebSocket *> sockets = m_clients.keys();
    for (QWebSocket *socket : sockets) {
        // Unsent data piling up: the client reads slower than we write.
        if (socket->bytesToWrite() > m_limits.maxBufferedBytes) {
            drop(socket, "it does not keep up");
            continue;
        }
        socket->sendTextMessage(text);
    }
}

void LiveHub::pingAll()
{
    const QList<QWebSocket *> sockets = m_clients.keys();
    for (QWebSocket *socket : sockets) {
        Client &client = m_clients[socket];
        if (!client.answered) {
            drop(socket, "it stopped answering pings");
            continue;
        }
        client.answered = false;
        socket->ping();
    }
}

void LiveHub::drop(QWebSocket *socket, const char *why)
{
    if (!m_clients.remove(socket))
        return;
    if (why) {
        qCInfo(lcLive) << "dropping a live client:" << why;
        socket->disconnect(this);
        socket->abort();
    }
    socket->deleteLater();
}
