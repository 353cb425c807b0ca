#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QMap>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

//! A crowd of live-feed clients: `count` WebSockets, each from its own loopback address
//! (127.2.x.y), that do the opening handshake, take the server's frames, answer its pings and
//! close with a close frame: a minimal RFC 6455 client, what a load tool needs and no more.
//! (QWebSocket in Qt 6.4 cannot bind a local address, and a crowd from one address meets the
//! per-address cap no real crowd meets.) The crowd has a thread of its own that waits on all
//! its sockets with epoll: the clients of a real crowd sit on as many machines and read their
//! message the moment it arrives, and a Qt event loop that polls thousands of sockets on every
//! turn would add its own delay to what is measured. Linux only, like the loopback range.
class LiveCrowd
{
public:
    //! A text message and when it arrived (system clock, nanoseconds since the epoch, taken
    //! as soon as epoll said its socket was readable).
    struct Receipt
    {
        int client = 0;
        qint64 receivedNs = 0;
        QByteArray text;
    };

    LiveCrowd(const QHostAddress &server, quint16 port, QByteArray path);
    ~LiveCrowd();

    //! Opens the clients, at most `atOnce` handshakes under way at a time, on the crowd's thread.
    void start(int count, int atOnce);
    //! Clients whose handshake was answered, one way or the other.
    int settled() const { return m_settled.load(); }
    int subscribed() const { return m_subscribed.load(); }
    //! Open clients the server closed or that broke.
    int lost() const { return m_lost.load(); }
    qint64 received() const { return m_received.load(); }
    //! Closes every client (with a close frame) and ends the thread.
    void stop();

    //! After stop(): the messages, and why clients did not subscribe (the server's status
    //! line or the socket's error, with how many).
    const std::vector<Receipt> &receipts() const { return m_receipts; }
    const QMap<QString, qint64> &failures() const { return m_failures; }

    static QHostAddress source(int index);

private:
    struct Client;

    void run(int atOnce);
    //! Starts handshakes until `atOnce` are under way or every client has started.
    void openMore();
    void onReady(Client &client, quint32 events, qint64 nowNs);
    bool readHandshake(Client &client);
    void readFrames(Client &client, qint64 receivedNs);
    void sendControl(Client &client, quint8 opcode, const QByteArray &payload);
    //! A handshake that failed, for `why`.
    void settle(Client &client, const QString &why);
    //! With a close frame if it is open.
    void closeClient(Client &client);
    void dropClient(Client &client);

    QHostAddress m_server;
    quint16 m_port;
    QByteArray m_path;
    int m_epoll = -1;
    int m_wake = -1; //!< an eventfd: stop() wakes the thread with it
    std::vector<std::unique_ptr<Client>> m_clients;
    int m_count = 0;
    int m_atOnce = 1;
    int m_connecting = 0; //!< handshakes under way
    std::thread m_thread;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_settled{0};
    std::atomic<int> m_subscribed{0};
    std::atomic<int> m_lost{0};
    std::atomic<qint64> m_received{0};
    // Only the crowd's thread touches these until stop() has joined it.
    std::vector<Receipt> m_receipts;
    QMap<QString, qint64> m_failures;
};
