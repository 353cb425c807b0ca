#include "guardedsocket.h"

#include "replywriter.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGuard, "booking.server.http.guard", QtWarningMsg)

GuardedSocket::GuardedSocket(const ConnectionLimits &limits, std::shared_ptr<int> openConnections,
                             QObject *parent)
    : QTcpSocket(parent)
    , m_framer({limits.maxHeaderBytes, limits.maxBodyBytes})
    , m_upgradePath(limits.upgradePath)
    , m_openConnections(std::move(openConnections))
{
    ++*m_openConnections;
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(limits.idleTimeout);
    connect(&m_idleTimer, &QTimer::timeout, this, &GuardedSocket::onIdle);
    // Connected before QHttpServer connects its own handler, so it runs first.
    connect(this, &QTcpSocket::readyRead, this, &GuardedSocket::inspectIncoming);
    connect(this, &QTcpSocket::bytesWritten, this, [this] {
        if (!m_framer.upgraded() && !m_closing)
            m_idleTimer.start();
    });
    connect(this, &QTcpSocket::disconnected, &m_idleTimer, &QTimer::stop);
    m_idleTimer.start();
}

GuardedSocket::~GuardedSocket()
{
    --*m_openConnections;
}

void GuardedSocket::followServerReads()
{
    // Runs after QHttpServer's reader. QHttpServer 6.4 takes one request per readyRead and
    // leaves the rest of a pipelined burst in the buffer for the next round: those bytes
    // have been inspected already.
    connect(this, &QTcpSocket::readyRead, this, [this] {
        m_inspectedAhead = bytesAvailable();
        applyDeferredRefusal();
    });
}

void GuardedSocket::inspectIncoming()
{
    const qint64 available = bytesAvailable();
    const QByteArray incoming = peek(available).sliced(std::min(m_inspectedAhead, available));
    m_inspectedAhead = available;
    const RequestFramer::Progress progress = m_framer.feed(incoming);
    if (progress.upgraded) {
        m_idleTimer.stop();
        // QHttpServer 6.4 answers the route of any path and then upgrades it anyway.
        const QByteArray path = progress.upgradeTarget.split('?').constFirst();
        if (!progress.upgradeTarget.isEmpty() && path != m_upgradePath)
            refuse(HttpReply::fromError(Error(ErrorCode::NotFound,
                                              u"WebSocket connections are only accepted at "_s
                                                  + QString::fromLatin1(m_upgradePath))));
        return;
    }
    m_idleTimer.start();
    m_framedRequests += quint64(progress.requestsCompleted);
    m_unanswered += progress.requestsCompleted;
    switch (progress.verdict) {
    case RequestFramer::Verdict::Continue:
        break;
    case RequestFramer::Verdict::BodyTooLarge:
    case RequestFramer::Verdict::HeadTooLarge: {
        const bool head = progress.verdict == RequestFramer::Verdict::HeadTooLarge;
        refuseAfterEarlierRequests(HttpReply::fromError(Error(
            ErrorCode::PayloadTooLarge,
            head ? u"Request headers are too large"_s : u"Request body is larger than 1 MiB"_s)));
        return;
    }
    case RequestFramer::Verdict::Malformed:
        refuseAfterEarlierRequests(
            HttpReply::fromError(Error(ErrorCode::ValidationFailed, u"Malformed HTTP request"_s)));
        return;
    }
    if (progress.expectContinue)
        write("HTTP/1.1 100 Continue\r\n\r\n"_ba);
}

void GuardedSocket::refuseAfterEarlierRequests(const HttpReply &reply)
{
    // Complete requests sent before the refused one in the same burst are still served.
    m_deferredRefusal = reply;
    applyDeferredRefusal();
}

void GuardedSocket::applyDeferredRefusal()
{
    if (!m_deferredRefusal || m_nextTicket < m_framedRequests)
        return;
    const HttpReply reply = *std::exchange(m_deferredRefusal, std::nullopt);
    refuse(reply);
}

void GuardedSocket::refuse(const HttpReply &reply)
{
    if (m_refusalTicket)
        return;
    qCDebug(lcGuard) << "refusing a request from" << peerAddress();
    // Keep QHttpServer (and us) from reading any further.
    disconnect(this, &QTcpSocket::readyRead, nullptr, nullptr);
    skip(bytesAvailable());
    m_idleTimer.stop();
    // Answers still owed for earlier requests go first; then this one, then the close.
    m_refusalTicket = reserveResponse();
    deliverResponse(*m_refusalTicket, reply);
}

quint64 GuardedSocket::reserveResponse()
{
    return m_nextTicket++;
}

void GuardedSocket::deliverResponse(quint64 ticket, HttpReply reply)
{
    if (m_closing)
        return;
    m_readyResponses.insert(ticket, std::move(reply));
    writeReadyResponses();
}

void GuardedSocket::writeReadyResponses()
{
    while (!m_closing && m_readyResponses.contains(m_nextToWrite)) {
        const bool refusal = m_refusalTicket == m_nextToWrite;
        HttpReply reply = m_readyResponses.take(m_nextToWrite++);
        if (m_unanswered > 0 && !refusal)
            --m_unanswered;
        // A refusal answers no framed request: it takes no close flag of one.
        const bool close = refusal || m_framer.takeCloseAfterResponse();
        if (close)
            reply.headers.append({"Connection"_ba, "close"_ba});
        write(ReplyWriter::serialize(reply));
        if (close) {
            m_closing = true;
            disconnectFromHost(); // once the response has been sent
            return;
        }
    }
    m_idleTimer.start();
}

void GuardedSocket::onIdle()
{
    if (m_framer.upgraded() || state() != QAbstractSocket::ConnectedState)
        return;
    // A request still being answered (e.g. a booking waiting for its lock) is not idle.
    if (m_deferredRefusal) {
        refuse(*std::exchange(m_deferredRefusal, std::nullopt));
        return;
    }
    if ((m_unanswered > 0 || m_nextToWrite < m_nextTicket) && !m_refusalTicket) {
        m_idleTimer.start();
        return;
    }
    qCDebug(lcGuard) << "closing idle connection from" << peerAddress();
    if (m_framer.inRequest()) {
        refuse(HttpReply::raw(408, "text/plain"_ba, "Request timed out\n"_ba));
        return;
    }
    m_closing = true;
    disconnectFromHost();
}
