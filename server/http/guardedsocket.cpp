#include "guardedsocket.h"

#include "httpreply.h"
#include "replywriter.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGuard, "booking.server.http.guard", QtWarningMsg)

GuardedSocket::GuardedSocket(const ConnectionLimits &limits, QObject *parent)
    : QTcpSocket(parent)
    , m_framer({limits.maxHeaderBytes, limits.maxBodyBytes})
    , m_upgradePath(limits.upgradePath)
{
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(limits.idleTimeout);
    connect(&m_idleTimer, &QTimer::timeout, this, &GuardedSocket::onIdle);
    // Connected before QHttpServer connects its own handler, so it runs first.
    connect(this, &QTcpSocket::readyRead, this, &GuardedSocket::inspectIncoming);
    connect(this, &QTcpSocket::bytesWritten, this, [this] {
        if (!m_framer.upgraded())
            m_idleTimer.start();
    });
    connect(this, &QTcpSocket::disconnected, &m_idleTimer, &QTimer::stop);
    m_idleTimer.start();
}

void GuardedSocket::inspectIncoming()
{
    // QHttpServer reads everything it is offered, so what is available now is new.
    const QByteArray incoming = peek(bytesAvailable());
    const RequestFramer::Progress progress = m_framer.feed(incoming);
    if (progress.upgraded) {
        m_idleTimer.stop();
        // QHttpServer 6.4 would answer the route of any path and then upgrade it anyway.
        const QByteArray path = progress.upgradeTarget.split('?').constFirst();
        if (!progress.upgradeTarget.isEmpty() && path != m_upgradePath)
            refuse(ReplyWriter::serialize(
                HttpReply::fromError(Error(ErrorCode::NotFound,
                                           u"WebSocket connections are only accepted at "_s
                                               + QString::fromLatin1(m_upgradePath)))));
        return;
    }
    m_idleTimer.start();
    switch (progress.verdict) {
    case RequestFramer::Verdict::Continue:
        break;
    case RequestFramer::Verdict::BodyTooLarge:
    case RequestFramer::Verdict::HeadTooLarge: {
        const bool head = progress.verdict == RequestFramer::Verdict::HeadTooLarge;
        refuse(ReplyWriter::serialize(HttpReply::fromError(Error(
            ErrorCode::PayloadTooLarge,
            head ? u"Request headers are too large"_s : u"Request body is larger than 1 MiB"_s))));
        return;
    }
    case RequestFramer::Verdict::Malformed:
        refuse(ReplyWriter::serialize(
            HttpReply::fromError(Error(ErrorCode::ValidationFailed, u"Malformed HTTP request"_s))));
        return;
    }
    m_unanswered += progress.requestsCompleted;
    if (progress.expectContinue)
        write("HTTP/1.1 100 Continue\r\n\r\n"_ba);
}

void GuardedSocket::refuse(QByteArray response)
{
    qCDebug(lcGuard) << "refusing a request from" << peerAddress();
    // Keep QHttpServer (and us) from reading any further.
    disconnect(this, &QTcpSocket::readyRead, nullptr, nullptr);
    skip(bytesAvailable());
    m_idleTimer.stop();
    write(response);
    disconnectFromHost();
}

bool GuardedSocket::takeCloseAfterResponse()
{
    if (m_unanswered > 0)
        --m_unanswered;
    return m_framer.takeCloseAfterResponse();
}

void GuardedSocket::responseWritten(bool close)
{
    if (close)
        disconnectFromHost(); // once the response has been sent
    else
        m_idleTimer.start();
}

void GuardedSocket::onIdle()
{
    if (m_framer.upgraded() || state() != QAbstractSocket::ConnectedState)
        return;
    // A request still being answered (e.g. a booking waiting for its lock) is not idle.
    if (m_unanswered > 0) {
        m_idleTimer.start();
        return;
    }
    qCDebug(lcGuard) << "closing idle connection from" << peerAddress();
    if (m_framer.inRequest()) {
        refuse(
            ReplyWriter::serialize(HttpReply::raw(408, "text/plain"_ba, "Request timed out\n"_ba)));
        return;
    }
    disconnectFromHost();
}
