#pragma once

#include "common/livemessage.h"

#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <chrono>

//! The client's one WebSocket to the server's live feed. It reconnects by itself with growing
//! pauses (1 s, 2 s, 4 s ... 30 s) after the server goes away, and says when it is live again so
//! that views can reload what they missed. The server's own word counts too: while it says its
//! feed is behind (feed.status, live false) the state is Reconnecting, and live again afterwards.
class LiveFeed final : public QObject
{
    Q_OBJECT

public:
    enum class State { Offline, Connecting, Live, Reconnecting };
    Q_ENUM(State)

    explicit LiveFeed(QObject *parent = nullptr);
    ~LiveFeed() override;

    //! How often it pings the server once live, and how long an answer (a pong, the opening
    //! handshake) may take before the connection counts as dead: a half-open connection
    //! (sleep, a network change) is noticed in about two intervals, not when TCP gives up.
    void setKeepAliveInterval(std::chrono::milliseconds interval);

    void start(const QUrl &url);
    void stop();
    State state() const { return m_state; }

Q_SIGNALS:
    void eventUpdated(const LiveMessage &message);
    void stateChanged(LiveFeed::State state);
    //! Connected again after a loss: changes may have been missed meanwhile.
    void reconnected();

private:
    void setState(State state);
    void onConnected();
    void onDisconnected();
    void onMessage(const QString &text);
    void connectNow();
    void checkAlive();
    //! Gives up on the current connection and tries again after the usual pause.
    void dropConnection();

    QWebSocket m_socket;
    QTimer m_retryTimer;
    QTimer m_aliveTimer;
    bool m_awaitingAnswer = false;
    QUrl m_url;
    State m_state = State::Offline;
    int m_failures = 0;
    bool m_wasLive = false;
};
