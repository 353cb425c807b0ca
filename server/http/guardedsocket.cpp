#include "guardedsocket.h"

#include "guardcontext.h"
#include "replywriter.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;
using Kind = ConnectionCounts::Kind;

Q_LOGGING_CATEGORY(lcGuard, "booking.server.http.guard", QtWarningMsg)

namespace {

HttpReply refusal(ErrorCode code, const QString &message)
{
    return HttpReply::fromError(Error(code, message));
}

} // namespace

GuardedSocket::GuardedSocket(std::shared_ptr<GuardContext> context, QObject *parent)
    : QTcpSocket(parent)
    , m_context(std::move(context))
    , m_framer({m_context->limits.maxHeaderBytes, m_context->limits.maxBodyBytes,
                m_context->limits.upgradePath})
{
    // Room for the largest request QHttpServer may have to hold at once, and no more.
    setReadBufferSize(m_context->limits.maxHeaderBytes + m_context->limits.maxBodyBytes
                      + RequestFramer::MaxChunkFramingBytes + 64 * 1024);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_context->limits.idleTimeout);
    connect(&m_idleTimer, &QTimer::timeout, this, &GuardedSocket::onIdle);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, [this] {
        if (m_deferredRefusal)
            refuse(*std::exchange(m_deferredRefusal, std::nullopt));
        else
            checkDeadline();
    });
    // Connected before QHttpServer connects its own handler, so it runs first.
    connect(this, &QTcpSocket::readyRead, this, &GuardedSocket::inspectIncoming);
    // A client reading a large answer slowly is not idle while it reads. (The timers are the
    // receivers: ~QAbstractSocket still signals after this object's members are gone.)
    connect(this, &QTcpSocket::bytesWritten, &m_idleTimer, [this] {
        if (m_idleTimer.isActive())
            m_idleTimer.start();
    });
    connect(this, &QTcpSocket::disconnected, &m_idleTimer, &QTimer::stop);
    connect(this, &QTcpSocket::disconnected, &m_deadlineTimer, &QTimer::stop);
    m_idleTimer.start();
}

GuardedSocket::~GuardedSocket()
{
    if (m_countedAs)
        m_context->counts.remove(*m_countedAs, m_countedAddress);
    if (m_upgradedAs && m_context->upgraded.value(*m_upgradedAs) == this)
        m_context->upgraded.remove(*m_upgradedAs);
}

bool GuardedSocket::admit()
{
    const GuardContext &context = *m_context;
    // A trusted proxy speaks for many clients: it counts in the total only.
    const QString address = context.clients.isTrustedProxy(peerAddress())
        ? QString()
        : ClientAddress::limitKey(peerAddress());
    if (!m_context->counts.tryAdd(Kind::Request, address)) {
        const bool total = context.counts.total(Kind::Request) >= context.limits.maxConnections;
        qCInfo(lcGuard) << "refusing a connection from" << peerAddress()
                        << (total ? "(all connections in use)" : "(its address's are)");
        refuse(refusal(ErrorCode::ServiceUnavailable,
                       total ? u"Too many connections, please retry"_s
                             : u"Too many connections from your address, please retry"_s));
        return false;
    }
    m_countedAs = Kind::Request;
    m_countedAddress = address;
    return true;
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
    const bool wasInBody = m_framer.inBody();
    const RequestFramer::Progress progress = m_framer.feed(incoming);
    for (const RequestHead &head : progress.heads)
        m_traces.push_back(RequestTrace::begin(head, clientOf(head)));
    if (progress.handshake) {
        m_idleTimer.stop();
        m_deadlineTimer.stop();
        if (admitHandshake(*progress.handshake)) {
            setReadBufferSize(0);
            // The switch itself is QHttpServer's answer; the access log notes it here.
            const auto trace
                = RequestTrace::begin(*progress.handshake, clientOf(*progress.handshake));
            trace->route = m_context->limits.upgradePath;
            trace->logAccess(101, 0);
            m_context->metrics.record(*trace, 101, 0);
        }
        return;
    }
    if (progress.upgraded)
        return;
    if (wasInBody)
        m_bodyBytes += incoming.size();
    m_framedRequests += quint64(progress.requestsCompleted);
    m_unanswered += progress.requestsCompleted;
    switch (progress.verdict) {
    case RequestFramer::Verdict::Continue:
        break;
    case RequestFramer::Verdict::BodyTooLarge:
        refuseAfterEarlierRequests(refusal(
            ErrorCode::PayloadTooLarge,
            u"Request body is larger than %1 KiB"_s.arg(m_context->limits.maxBodyBytes / 1024)));
        return;
    case RequestFramer::Verdict::HeadTooLarge:
        refuseAfterEarlierRequests(
            refusal(ErrorCode::HeadersTooLarge, u"Request headers are too large"_s));
        return;
    case RequestFramer::Verdict::Malformed:
        refuseAfterEarlierRequests(
            refusal(ErrorCode::ValidationFailed,
                    u"Malformed HTTP request: "_s + QString::fromLatin1(progress.reason)));
        return;
    }
    if (progress.expectContinue)
        write("HTTP/1.1 100 Continue\r\n\r\n"_ba);
    updateTimers();
    updateBackPressure();
}

bool GuardedSocket::admitHandshake(const RequestHead &handshake)
{
    const GuardContext &context = *m_context;
    // Browsers always send their page's origin; desktop clients and scripts send none.
    if (!handshake.origin.isEmpty() && !context.cors.allows(handshake.origin)) {
        qCInfo(lcGuard) << "refusing a live-feed handshake from origin" << handshake.origin;
        refuseAfterEarlierRequests(
            refusal(ErrorCode::Forbidden, u"This origin may not open the live feed"_s));
        return false;
    }
    const QString client
        = ClientAddress::limitKey(context.clients.resolve(peerAddress(), handshake.forwardedFor));
    if (!m_context->counts.tryAdd(Kind::Live, client)) {
        refuseAfterEarlierRequests(
            refusal(ErrorCode::ServiceUnavailable, u"Too many live clients, please retry"_s));
        return false;
    }
    // From now on a live client: it no longer takes the room of requests.
    if (m_countedAs)
        m_context->counts.remove(*m_countedAs, m_countedAddress);
    m_countedAs = Kind::Live;
    m_countedAddress = client;
    m_upgradedAs = qMakePair(peerAddress(), peerPort());
    m_context->upgraded.insert(*m_upgradedAs, this);
    return true;
}

void GuardedSocket::refuseAfterEarlierRequests(const HttpReply &reply)
{
    // Complete requests sent before the refused one in the same burst are still served.
    m_deferredRefusal = reply;
    // Should QHttpServer never take them, refuse anyway.
    m_deadlineTimer.start(m_context->limits.headTimeout);
    applyDeferredRefusal();
}

void GuardedSocket::applyDeferredRefusal()
{
    if (!m_deferredRefusal || m_nextTicket < m_framedRequests)
        return;
    refuse(*std::exchange(m_deferredRefusal, std::nullopt));
}

void GuardedSocket::refuse(HttpReply reply)
{
    if (m_refusalTicket)
        return;
    qCDebug(lcGuard) << "refusing a request from" << peerAddress() << "with" << reply.status;
    // Keep QHttpServer (and us) from reading any further.
    disconnect(this, &QTcpSocket::readyRead, nullptr, nullptr);
    skip(bytesAvailable());
    m_idleTimer.stop();
    m_deadlineTimer.stop();
    // A browser must be able to read why: the CORS headers its origin would get.
    reply.headers.append(m_context->cors.responseHeaders(m_framer.origin()));
    reply.corsApplied = true;
    // Answers still owed for earlier requests go first; then this one, then the close.
    m_refusalTicket = reserveResponse();
    deliverResponse(*m_refusalTicket, std::move(reply));
}

quint64 GuardedSocket::reserveResponse()
{
    nextTrace();
    return m_nextTicket++;
}

std::shared_ptr<RequestTrace> GuardedSocket::nextTrace()
{
    // A refusal may answer a request whose head was never read whole.
    const size_t index = m_nextTicket - m_nextToWrite;
    while (m_traces.size() <= index)
        m_traces.push_back(RequestTrace::unread(
            m_context->clients.resolve(peerAddress(), QByteArray()).toString()));
    return m_traces[index];
}

QString GuardedSocket::clientOf(const RequestHead &head) const
{
    return m_context->clients.resolve(peerAddress(), head.forwardedFor).toString();
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
        const bool refused = m_refusalTicket == m_nextToWrite;
        HttpReply reply = m_readyResponses.take(m_nextToWrite++);
        if (m_unanswered > 0 && !refused)
            --m_unanswered;
        // A refusal answers no framed request: it takes no close flag of one. A server
        // shutting down closes once it owes the connection nothing more.
        const bool close = refused || m_framer.takeCloseAfterResponse()
            || (m_context->draining && m_unanswered == 0);
        if (close)
            reply.headers.append({"Connection"_ba, "close"_ba});
        const std::shared_ptr<RequestTrace> trace = std::move(m_traces.front());
        m_traces.pop_front();
        reply.headers.append({"X-Request-Id"_ba, trace->id});
        const QByteArray wire = ReplyWriter::serialize(reply);
        write(wire);
        trace->logAccess(reply.status, wire.size());
        m_context->metrics.record(*trace, reply.status, wire.size());
        if (close) {
            m_closing = true;
            m_idleTimer.stop();
            m_deadlineTimer.stop();
            disconnectFromHost(); // once the response has been sent
            return;
        }
    }
    updateTimers();
    updateBackPressure();
}

void GuardedSocket::updateTimers()
{
    if (m_closing || m_refusalTicket || m_deferredRefusal || m_framer.upgraded())
        return;
    if (m_framer.headsStarted() != m_headsSeen) {
        m_headsSeen = m_framer.headsStarted();
        m_headClock.start();
    }
    if (m_framer.inBody() && !m_bodyClock.isValid()) {
        m_bodyClock.start();
        m_bodyBytes = 0;
    } else if (!m_framer.inBody()) {
        m_bodyClock.invalidate();
    }
    const bool owed = m_unanswered > 0 || m_nextToWrite < m_nextTicket;
    if (m_framer.inRequest()) {
        m_idleTimer.stop();
        checkDeadline();
    } else {
        m_deadlineTimer.stop();
        // Empty lines between requests do not keep a connection alive.
        if (owed)
            m_idleTimer.stop();
        else if (!m_idleTimer.isActive())
            m_idleTimer.start();
    }
}

void GuardedSocket::updateBackPressure()
{
    const bool press = m_unanswered >= m_context->limits.maxPendingResponses;
    if (press) {
        // Reading from the network stops; what QHttpServer takes from the buffer may be
        // replaced, no more.
        setReadBufferSize(bytesAvailable() + 1);
    } else if (m_backPressure) {
        setReadBufferSize(m_context->limits.maxHeaderBytes + m_context->limits.maxBodyBytes
                          + RequestFramer::MaxChunkFramingBytes + 64 * 1024);
    }
    m_backPressure = press;
}

void GuardedSocket::checkDeadline()
{
    if (state() != QAbstractSocket::ConnectedState || m_refusalTicket || !m_framer.inRequest())
        return;
    const ConnectionLimits &limits = m_context->limits;
    qint64 remainingMs = 0;
    if (m_framer.inHead()) {
        remainingMs = limits.headTimeout.count() - m_headClock.elapsed();
    } else if (m_bodyClock.isValid()) {
        // A grace period, then the body must keep arriving at the minimum rate.
        const qint64 allowedMs = limits.headTimeout.count()
            + m_bodyBytes * 1000 / std::max<qint64>(limits.minBodyBytesPerSecond, 1);
        remainingMs = allowedMs - m_bodyClock.elapsed();
    } else {
        return;
    }
    if (remainingMs > 0) {
        m_deadlineTimer.start(std::chrono::milliseconds(remainingMs));
        return;
    }
    qCInfo(lcGuard) << "timing out a slow request from" << peerAddress();
    refuse(refusal(ErrorCode::RequestTimeout,
                   m_framer.inHead() ? u"The request headers did not arrive in time"_s
                                     : u"The request body arrives too slowly"_s));
}

void GuardedSocket::onIdle()
{
    if (m_framer.upgraded() || state() != QAbstractSocket::ConnectedState || m_closing)
        return;
    // A request still being answered (e.g. a booking waiting for its payment) is not idle.
    if (m_framer.inRequest() || m_unanswered > 0 || m_nextToWrite < m_nextTicket || m_refusalTicket)
        return;
    qCDebug(lcGuard) << "closing idle connection from" << peerAddress();
    m_closing = true;
    disconnectFromHost();
}
