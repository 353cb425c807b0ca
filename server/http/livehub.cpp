#include "livehub.h"

#include "common/apipaths.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QWebSocket>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

Q_LOGGING_CATEGORY(lcLive, "booking.server.http.live", QtInfoMsg)

namespace {

QString toText(const QJsonObject &json)
{
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

} // namespace

LiveHub::LiveHub(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
    m_pingTimer.setInterval(limits.pingInterval);
    connect(&m_pingTimer, &QTimer::timeout, this, &LiveHub::pingAll);
    m_pingTimer.start();
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &LiveHub::flush);
}

LiveHub::~LiveHub()
{
    // The server is going: clients hear so in a close frame (and reconnect), not a reset.
    for (QWebSocket *socket : m_clients.keys()) {
        socket->disconnect(this);
        socket->close(QWebSocketProtocol::CloseCodeGoingAway, u"server shutting down"_s);
        socket->flush();
        delete socket;
    }
}

void LiveHub::accept(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket *socket = owned.release();
    socket->setParent(this);
    // QHttpServer 6.4 upgrades any path; only /api/live is the feed. A client that left
    // during the handshake is not kept either.
    if (socket->requestUrl().path() != ApiPaths::Live
        || socket->state() != QAbstractSocket::ConnectedState) {
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"Unknown path"_s);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    if (m_closing) {
        socket->close(QWebSocketProtocol::CloseCodeGoingAway, u"server shutting down"_s);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.maxIncomingMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.maxIncomingMessageBytes));
    m_clients.insert(socket, Client{});
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { drop(socket, nullptr); });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (auto it = m_clients.find(socket); it != m_clients.end())
            it->answered = true;
    });
    if (!m_feedLive)
        socket->sendTextMessage(toText(LiveMessage::feedStatus(false)));
    qCDebug(lcLive) << "live client connected;" << m_clients.size() << "connected";
}

void LiveHub::broadcast(const LiveMessage &message)
{
    const QString text = toText(message.toJson());
    for (Client &client : m_clients) {
        if (!client.pending.contains(message.eventId))
            client.order.append(message.eventId);
        client.pending.insert(message.eventId, text);
    }
    scheduleFlush();
}

void LiveHub::setFeedLive(bool live)
{
    if (m_feedLive == live)
        return;
    m_feedLive = live;
    const QString text = toText(LiveMessage::feedStatus(live));
    for (QWebSocket *socket : m_clients.keys())
        socket->sendTextMessage(text);
}

void LiveHub::closeAll()
{
    if (std::exchange(m_closing, true))
        return;
    m_pingTimer.stop();
    m_flushTimer.stop();
    // Each goes from m_clients when its connection ends (the `disconnected` handler).
    for (QWebSocket *socket : m_clients.keys()) {
        if (socket->state() == QAbstractSocket::UnconnectedState)
            drop(socket, nullptr);
        else
            socket->close(QWebSocketProtocol::CloseCodeGoingAway, u"server shutting down"_s);
    }
    // A client is no work in flight: one that cannot take its close frame (it reads nothing)
    // does not hold the shutdown up.
    QTimer::singleShot(CloseTimeout, this, [this] {
        for (QWebSocket *socket : m_clients.keys())
            drop(socket, "it did not take its close frame in time");
    });
}

void LiveHub::scheduleFlush(std::chrono::milliseconds delay)
{
    if (!m_flushTimer.isActive() || delay.count() == 0)
        m_flushTimer.start(delay);
}

void LiveHub::flush()
{
    bool backlogged = false;
    const QList<QWebSocket *> sockets = m_clients.keys();
    for (QWebSocket *socket : sockets) {
        Client &client = m_clients[socket];
        if (client.pending.isEmpty())
            continue;
        const qint64 unsent = socket->bytesToWrite();
        if (unsent > m_limits.hardLimitBytes) {
            drop(socket, "it is too far behind");
            continue;
        }
        if (unsent > m_limits.maxBufferedBytes) {
            // Give it time to catch up; what changes meanwhile replaces what is queued.
            if (!client.backlogSince.isValid())
                client.backlogSince.start();
            else if (client.backlogSince.elapsed() > m_limits.stallTimeout.count()) {
                drop(socket, "it does not keep up");
                continue;
            }
            backlogged = true;
            continue;
        }
        client.backlogSince.invalidate();
        for (const QString &eventId : std::as_const(client.order))
            socket->sendTextMessage(client.pending.value(eventId));
        client.pending.clear();
        client.order.clear();
    }
    if (backlogged)
        scheduleFlush(100ms);
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
