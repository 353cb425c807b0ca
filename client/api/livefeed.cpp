#include "livefeed.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcLiveFeed, "booking.client.live", QtWarningMsg)

LiveFeed::LiveFeed(QObject *parent)
    : QObject(parent)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &LiveFeed::connectNow);
    // The server pings every 20 s; this side checks on its own as well.
    m_aliveTimer.setInterval(std::chrono::seconds(15));
    connect(&m_aliveTimer, &QTimer::timeout, this, &LiveFeed::checkAlive);
    connect(&m_socket, &QWebSocket::pong, this, [this] { m_awaitingAnswer = false; });
    connect(&m_socket, &QWebSocket::connected, this, &LiveFeed::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &LiveFeed::onDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &LiveFeed::onMessage);
}

LiveFeed::~LiveFeed()
{
    // The socket outlives the retry timer and may still signal while it closes.
    m_socket.disconnect(this);
    m_socket.abort();
}

void LiveFeed::setKeepAliveInterval(std::chrono::milliseconds interval)
{
    m_aliveTimer.setInterval(interval);
}

void LiveFeed::start(const QUrl &url)
{
    m_url = url;
    m_failures = 0;
    m_wasLive = false;
    connectNow();
}

void LiveFeed::stop()
{
    m_url.clear();
    m_retryTimer.stop();
    m_aliveTimer.stop();
    m_socket.abort();
    setState(State::Offline);
}

void LiveFeed::connectNow()
{
    if (m_url.isEmpty())
        return;
    setState(m_wasLive || m_failures > 0 ? State::Reconnecting : State::Connecting);
    m_socket.abort();
    // The handshake must be answered within one interval too.
    m_awaitingAnswer = true;
    m_aliveTimer.start();
    m_socket.open(m_url);
}

void LiveFeed::checkAlive()
{
    if (m_awaitingAnswer) {
        qCDebug(lcLiveFeed) << "live feed does not answer; connecting again";
        dropConnection();
        return;
    }
    m_awaitingAnswer = true;
    m_socket.ping();
}

void LiveFeed::dropConnection()
{
    m_socket.abort();
    // abort() reports the loss itself only for a connection that was open; a second report
    // finds the retry already scheduled and does nothing.
    onDisconnected();
}

void LiveFeed::onConnected()
{
    const bool recovered = m_wasLive || m_failures > 0;
    m_failures = 0;
    m_awaitingAnswer = false;
    m_aliveTimer.start();
    // Live until the server says otherwise: it sends feed.status only while it is behind.
    m_wasLive = true;
    setState(State::Live);
    if (recovered)
        Q_EMIT reconnected();
}

void LiveFeed::onDisconnected()
{
    m_aliveTimer.stop();
    if (m_url.isEmpty() || m_retryTimer.isActive())
        return;
    // 1 s, 2 s, 4 s ... at most 30 s between attempts.
    const int delayMs = std::min(30000, 1000 << std::min(m_failures, 5));
    ++m_failures;
    qCDebug(lcLiveFeed) << "live feed lost; next attempt in" << delayMs << "ms";
    setState(State::Reconnecting);
    m_retryTimer.start(delayMs);
}

void LiveFeed::onMessage(const QString &text)
{
    const QJsonObject json = QJsonDocument::fromJson(text.toUtf8()).object();
    if (const auto message = LiveMessage::fromJson(json)) {
        Q_EMIT eventUpdated(*message);
        return;
    }
    // The server lost its own feed (its database): the socket is up but changes are not coming.
    // Once it follows them again, what happened meanwhile has to be reloaded.
    const std::optional<bool> serverLive = LiveMessage::parseFeedStatus(json);
    if (!serverLive || m_state == State::Offline)
        return;
    if (!*serverLive) {
        setState(State::Reconnecting);
    } else if (m_state != State::Live) {
        setState(State::Live);
        Q_EMIT reconnected();
    }
}

void LiveFeed::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
