#pragma once

#include "common/livemessage.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <memory>

class QWebSocket;

//! The clients of the live feed (WebSocket GET /api/live) and the fan-out to them. Each
//! message is serialized once, into a complete WebSocket text frame, and those same bytes are
//! written to every client's connection: what the fan-out does per client is a copy into the
//! socket's buffer and a send. Messages are queued and sent on the next turn of the event loop,
//! the newest per event only, so a burst of changes costs each client one message per event. A
//! client whose unsent data stays above the limit for too long (it reads slower than changes
//! come), or that stops answering pings, is dropped; nobody else waits for it. The connection
//! guard has checked the handshake's origin and the live clients' caps before a socket gets
//! here.
class LiveHub final : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        //! Unsent data a client may have for a while without being dropped.
        qint64 maxBufferedBytes = 256 * 1024;
        std::chrono::milliseconds pingInterval{20000};
        //! How long unsent data may stay above maxBufferedBytes.
        std::chrono::milliseconds stallTimeout{10000};
        //! Unsent data that drops a client at once.
        qint64 hardLimitBytes = 16 * 1024 * 1024;
        //! Clients only ever send small control messages: a larger one closes the connection
        //! with 1009 (message too big).
        qint64 maxIncomingMessageBytes = 4 * 1024;
    };

    //! What the fan-out has done, for /metrics and the tests.
    struct Counters
    {
        //! Messages serialized (each once, whatever the number of clients).
        quint64 messagesSerialized = 0;
        //! Frames written to clients.
        quint64 framesSent = 0;
    };

    explicit LiveHub(Limits limits, QObject *parent = nullptr);
    ~LiveHub() override;

    //! Takes a new connection; one that asked for another path than /api/live is closed.
    //! `transport` is the connection the WebSocket runs on (QWebSocket 6.4 does not tell): the
    //! hub writes its ready-made frames to it, where QWebSocket::sendTextMessage would convert
    //! and frame every message once per client. A socket without it is closed (1011).
    void accept(std::unique_ptr<QWebSocket> socket, QTcpSocket *transport);
    void broadcast(const LiveMessage &message);
    //! Tells every client whether changes are followed right now (see LiveMessage).
    void setFeedLive(bool live);
    //! The server is going: every client gets a close frame (1001, going away) and goes once
    //! it has been sent (clients still there after CloseTimeout are cut off); clients that
    //! come later are closed the same way at once.
    void closeAll();
    static constexpr std::chrono::milliseconds CloseTimeout{1000};
    //! Clients connected, those still closing included.
    int clientCount() const { return int(m_clients.size()); }
    const Counters &counters() const { return m_counters; }

private:
    //! A message as it goes on the wire: a whole WebSocket text frame (servers do not mask).
    struct Frame
    {
        QString eventId; //!< whose change it is: a newer one replaces it while queued
        QByteArray wire;
    };

    struct Client
    {
        QPointer<QTcpSocket> transport;
        bool answered = true; //!< the last ping got its pong
        //! Frames held back while the client is behind, the newest per event, in the order
        //! the events changed.
        QList<Frame> behind;
        QElapsedTimer backlogSince; //!< running while unsent data is above the limit
    };

    Frame serialize(const QString &eventId, const QJsonObject &json);
    static void merge(QList<Frame> &frames, const Frame &frame);
    void send(QWebSocket *socket, QTcpSocket *transport, const QList<Frame> &frames);
    void scheduleFlush(std::chrono::milliseconds delay = std::chrono::milliseconds(0));
    void flush();
    void drop(QWebSocket *socket, const char *why);
    void pingAll();

    Limits m_limits;
    QHash<QWebSocket *, Client> m_clients;
    //! The changes since the last flush, the newest per event, for every client alike.
    QList<Frame> m_pending;
    QHash<QString, qsizetype> m_pendingIndex; //!< event id -> its place in m_pending
    Counters m_counters;
    QTimer m_pingTimer;
    QTimer m_flushTimer;
    bool m_feedLive = true;
    bool m_closing = false;
};
