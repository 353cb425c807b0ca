#include "replydispatcher.h"

#include "common/logcontext.h"

#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QThreadPool>

#include <memory>
#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

//! nice 10 for the calling thread alone (on Linux a thread's id names it to setpriority).
void lowerThisThreadsPriority()
{
    thread_local bool lowered = false;
    if (std::exchange(lowered, true))
        return;
    if (setpriority(PRIO_PROCESS, id_t(gettid()), 10) != 0)
        qWarning("cannot lower the priority of a password thread");
}

HttpReply shuttingDown()
{
    return HttpReply::fromError(
        Error(ErrorCode::ServiceUnavailable, u"The server is shutting down"_s));
}

} // namespace

ReplyDispatcher::ReplyDispatcher(QThreadPool &pool, const ReplyWriter &writer, int maxQueued,
                                 QObject *parent, Priority priority)
    : QObject(parent)
    , m_pool(pool)
    , m_writer(writer)
    , m_maxQueued(maxQueued)
    , m_priority(priority)
{ }

void ReplyDispatcher::reply(QHttpServerResponder &responder, const RequestInfo &request,
                            HttpReply reply) const
{
    QTcpSocket *socket = responder.socket();
    // A request that arrives on a kept-alive connection while draining is new work too,
    // whatever its route would have answered.
    m_writer.write(socket, ReplyWriter::reserve(socket), request,
                   m_draining ? shuttingDown() : std::move(reply));
}

void ReplyDispatcher::replyLater(QHttpServerResponder &&responder, const RequestInfo &request,
                                 std::function<HttpReply()> work)
{
    if (m_onPool.loadRelaxed() >= m_maxQueued && !m_draining) {
        reply(responder, request,
              HttpReply::fromError(
                  Error(ErrorCode::ServiceUnavailable, u"The server is busy, please retry"_s)));
        return;
    }
    replyWhenReady(std::move(responder), request, [this, &work, &request](const Later &later) {
        m_onPool.ref();
        m_pool.start([this, work = std::move(work), send = later.send,
                      requestId = request.requestId]() mutable {
            if (m_priority == Priority::Low)
                lowerThisThreadsPriority();
            HttpReply result;
            {
                const LogContext::Scope scope(requestId);
                result = work();
            }
            m_onPool.deref();
            // This object outlives the pool's work: the server drains it before deleting it.
            // `send` moves on, so the responder it keeps is never released on this thread.
            QMetaObject::invokeMethod(
                this,
                [send = std::move(send), result = std::move(result)]() mutable {
                    send(std::move(result));
                },
                Qt::QueuedConnection);
        });
    });
}

void ReplyDispatcher::replyWhenReady(QHttpServerResponder &&responder, const RequestInfo &request,
                                     const std::function<void(const Later &)> &start)
{
    if (m_draining) {
        reply(responder, request, shuttingDown());
        return;
    }
    m_pending.ref();
    auto keptResponder = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = keptResponder->socket();
    const quint64 ticket = ReplyWriter::reserve(socket);
    auto sent = std::make_shared<bool>(false);
    Later later;
    later.send = [this, keptResponder, socket, ticket, request, sent](HttpReply result) {
        if (*sent)
            return;
        *sent = true;
        m_pending.deref();
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            m_writer.write(socket, ticket, request, std::move(result));
    };
    later.waiting = [socket] {
        return socket && socket->state() == QAbstractSocket::ConnectedState;
    };
    start(later);
}
