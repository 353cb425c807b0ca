#include "livehub.h"

#include "common/apipaths.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QWebSocket>

#include <cerrno>
#include <sys/socket.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

Q_LOGGING_CATEGORY(lcLive, "booking.server.http.live", QtInfoMsg)

namespace {

//! The head of an unmasked, unfragmented text frame of `length` bytes (RFC 6455, 5.2).
QByteArray textFrameHeader(qsizetype length)
{
    QByteArray header;
    header.append(char(0x81)); // FIN, text
    if (length < 126) {
        header.append(char(length));
    } else if (length <= 0xFFFF) {
        header.append(char(126));
        header.append(char(length >> 8));
        header.append(char(length & 0xFF));
    } else {
        header.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            header.append(char((quint64(length) >> shift) & 0xFF));
    }
    return header;
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

void LiveHub::accept(std::unique_ptr<QWebSocket> owned, QTcpSocket *transport)
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
    if (!transport) {
        qCWarning(lcLive) << "refusing a live client whose connection is unknown";
        socket->close(QWebSocketProtocol::CloseCodeBadOperation, u"Internal error"_s);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.maxIncomingMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.maxIncomingMessageBytes));
    // A message goes out when it is written, not when the previous one has been acknowledged
    // (Nagle's algorithm against the client's delayed ACK would hold it up to 40 ms).
    transport->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    Client client;
    client.transport = transport;
    m_clients.insert(socket, client);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { drop(socket, nullptr); });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (auto it = m_clients.find(socket); it != m_clients.end())
            it->answered = true;
    });
    qCDebug(lcLive) << "live client connected;" << m_clients.size() << "connected";
    if (!m_feedLive)
        send(socket, transport, {serialize({}, LiveMessage::feedStatus(false))});
}

void LiveHub::broadcast(const LiveMessage &message)
{
    // Once for every client; a newer change of the same event replaces it while queued.
    Frame frame = serialize(message.eventId, message.toJson());
    if (const auto it = m_pendingIndex.constFind(message.eventId); it != m_pendingIndex.cend()) {
        m_pending[*it] = std::move(frame);
    } else {
        m_pendingIndex.insert(message.eventId, m_pending.size());
        m_pending.append(std::move(frame));
    }
    scheduleFlush();
}

void LiveHub::setFeedLive(bool live)
{
    if (m_feedLive == live)
        return;
    m_feedLive = live;
    const QList<Frame> status{serialize({}, LiveMessage::feedStatus(live))};
    const QList<QWebSocket *> sockets = m_clients.keys();
    for (QWebSocket *socket : sockets) {
        if (const auto it = m_clients.constFind(socket); it != m_clients.cend())
            send(socket, it->transport.data(), status);
    }
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
    const QList<Frame> batch = std::exchange(m_pending, {});
    m_pendingIndex.clear();
    bool backlogged = false;
    const QList<QWebSocket *> sockets = m_clients.keys();
    for (QWebSocket *socket : sockets) {
        const auto it = m_clients.find(socket);
        if (it == m_clients.end())
            continue; // gone while others were written to
        Client &client = *it;
        if (batch.isEmpty() && client.behind.isEmpty())
            continue;
        if (!client.transport) {
            drop(socket, "its connection is gone");
            continue;
        }
        const qint64 unsent = client.transport->bytesToWrite();
        if (unsent > m_limits.hardLimitBytes) {
            drop(socket, "it is too far behind");
            continue;
        }
        if (unsent > m_limits.maxBufferedBytes) {
            // Give it time to catch up; what changes meanwhile replaces what is held back.
            for (const Frame &frame : batch)
                merge(client.behind, frame);
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
        if (client.behind.isEmpty()) {
            send(socket, client.transport.data(), batch);
        } else {
            for (const Frame &frame : batch)
                merge(client.behind, frame);
            send(socket, client.transport.data(), std::exchange(client.behind, {}));
        }
    }
    if (backlogged)
        scheduleFlush(100ms);
}

LiveHub::Frame LiveHub::serialize(const QString &eventId, const QJsonObject &json)
{
    ++m_counters.messagesSerialized;
    const QByteArray payload = QJsonDocument(json).toJson(QJsonDocument::Compact);
    return Frame{eventId, textFrameHeader(payload.size()) + payload};
}

void LiveHub::merge(QList<Frame> &frames, const Frame &frame)
{
    // A client falls behind rarely and holds one frame per event changed meanwhile.
    for (Frame &held : frames) {
        if (held.eventId == frame.eventId) {
            held = frame;
            return;
        }
    }
    frames.append(frame);
}

void LiveHub::send(QWebSocket *socket, QTcpSocket *transport, const QList<Frame> &frames)
{
    if (frames.isEmpty() || !transport || socket->state() != QAbstractSocket::ConnectedState
        || transport->state() != QAbstractSocket::ConnectedState)
        return;
    m_counters.framesSent += quint64(frames.size());
    // Whole frames, one after the other: nothing else writes to the connection meanwhile (one
    // thread), so they cannot interleave with QWebSocket's own pings and close frame.
    QByteArray joined;
    if (frames.size() > 1) {
        for (const Frame &frame : frames)
            joined += frame.wire;
    }
    const QByteArray &wire = frames.size() > 1 ? joined : frames.first().wire;
    qint64 sent = 0;
    if (transport->bytesToWrite() == 0) {
        // Straight to the kernel, now: the client has it while the others are still written
        // to, and QTcpSocket's buffer, write notifier and signals (a good part of the cost per
        // client beside the send itself) are left out. A connection that broke is noticed
        // when it is read, as any other.
        const ssize_t result = ::send(int(transport->socketDescriptor()), wire.constData(),
                                      size_t(wire.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (result < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return;
        sent = std::max<qint64>(result, 0);
    }
    // What the kernel did not take waits in QTcpSocket's buffer, behind what is there already.
    if (sent < wire.size())
        transport->write(wire.constData() + sent, wire.size() - sent);
}

void LiveHub::pingAll()
{
    const QList<QWebSocket *> sockets = m_clients.keys();
    for (QWebSocket *socket : sockets) {
        const auto it = m_clients.find(socket);
        if (it == m_clients.end())
            continue;
        if (!it->answered) {
            drop(socket, "it stopped answering pings");
            continue;
        }
        it->answered = false;
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
