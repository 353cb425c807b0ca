#pragma once

#include "common/livemessage.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

class QWebSocket;

//! The clients of the live feed (WebSocket GET /api/live) and the fan-out to them. Messages
//! are queued per client and sent on the next turn of the event loop, the newest per event
//! only, so a burst of changes costs each client one message per event. A client whose unsent
//! data stays above the limit for too long (it reads slower than changes come), or that stops
//! answering pings, is dropped; nobody else waits for it. The connection guard has checked
//! the handshake's origin and the live clients' caps before a socket gets here.
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

    explicit LiveHub(Limits limits, QObject *parent = nullptr);
    ~LiveHub() override;

    //! Takes a new connection; one that asked for another path than /api/live is closed.
    void accept(std::unique_ptr<QWebSocket> socket);
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

private:
    struct Client
    {
        bool answered = true; //!< the last ping got its pong
        QHash<QString, QString> pending; //!< event id -> newest message not sent yet
        QStringList order; //!< the events of `pending`, in the order they changed
        QElapsedTimer backlogSince; //!< running while unsent data is above the limit
    };

    void scheduleFlush(std::chrono::milliseconds delay = std::chrono::milliseconds(0));
    void flush();
    void drop(QWebSocket *socket, const char *why);
    void pingAll();

    Limits m_limits;
    QHash<QWebSocket *, Client> m_clients;
    QTimer m_pingTimer;
    QTimer m_flushTimer;
    bool m_feedLive = true;
    bool m_closing = false;
};
