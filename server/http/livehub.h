#pragma once

#include "common/livemessage.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

class QWebSocket;

//! The clients of the live feed (WebSocket GET /api/live) and the broadcast to them. A client
//! that cannot keep up (its unsent data grows past a limit) or stops answering pings is dropped;
//! nobody else waits for it.
class LiveHub final : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        qint64 maxBufferedBytes = 256 * 1024;
        std::chrono::milliseconds pingInterval{20000};
    };

    explicit LiveHub(Limits limits, QObject *parent = nullptr);
    ~LiveHub() override;

    //! Takes a new connection; one that asked for another path than /api/live is closed.
    void accept(std::unique_ptr<QWebSocket> socket);
    void broadcast(const LiveMessage &message);
    int clientCount() const { return int(m_clients.size()); }

private:
    void drop(QWebSocket *socket, const char *why);
    void pingAll();

    struct Client
    {
        bool answered = true; //!< the last ping got its pong
    };

    Limits m_limits;
    QHash<QWebSocket *, Client> m_clients;
    QTimer m_pingTimer;
};
