#include "replydispatcher.h"

#include <QCoreApplication>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QThreadPool>

#include <memory>

using namespace Qt::StringLiterals;

ReplyDispatcher::ReplyDispatcher(QThreadPool &pool, const ReplyWriter &writer, int maxQueued,
                                 QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_writer(writer)
    , m_maxQueued(maxQueued)
    , m_maxLaneSlots(std::max(1, pool.maxThreadCount() / 2))
{ }

void ReplyDispatcher::reply(QHttpServerResponder &responder, const RequestInfo &request,
                            HttpReply reply) const
{
    QTcpSocket *socket = responder.socket();
    m_writer.write(socket, ReplyWriter::reserve(socket), request, std::move(reply));
}

void ReplyDispatcher::replyLater(QHttpServerResponder &&responder, const RequestInfo &request,
                                 std::function<HttpReply()> work, const QString &lane)
{
    if (m_draining || m_pending.loadRelaxed() >= m_maxQueued) {
        reply(responder, request,
              HttpReply::fromError(Error(ErrorCode::ServiceUnavailable,
                                         m_draining ? u"The server is shutting down"_s
                                                    : u"The server is busy, please retry"_s)));
        return;
    }
    m_pending.ref();
    auto keptResponder = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = keptResponder->socket();
    // The place in the socket's response order is taken now, while requests come in order.
    const quint64 ticket = ReplyWriter::reserve(socket);
    const auto finish = [this, keptResponder, socket, ticket, request, lane](HttpReply result) {
        m_pending.deref();
        if (!lane.isEmpty())
            laneFinished(lane);
        // The client may have gone while we worked: then there is no one to answer.
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            m_writer.write(socket, ticket, request, std::move(result));
    };
    auto job = [this, finish, work = std::move(work)] {
        HttpReply result = work();
        // This object outlives the pool's work: the server drains it before deleting it.
        QMetaObject::invokeMethod(
            this, [finish, result = std::move(result)]() mutable { finish(std::move(result)); },
            Qt::QueuedConnection);
    };
    if (lane.isEmpty()) {
        startOnPool(std::move(job));
        return;
    }
    m_waitingLaneWork.push_back({lane, [this, socket, finish, job = std::move(job)]() mutable {
                                     // Nobody waits for it any more: do not start it at all.
                                     if (!socket
                                         || socket->state() != QAbstractSocket::ConnectedState) {
                                         finish(HttpReply::noContent());
                                         return;
                                     }
                                     startOnPool(std::move(job));
                                 }});
    startWaitingLaneWork();
}

void ReplyDispatcher::startOnPool(std::function<void()> job)
{
    m_pool.start(std::move(job));
}

void ReplyDispatcher::laneFinished(const QString &lane)
{
    m_busyLanes.remove(lane);
    startWaitingLaneWork();
}

void ReplyDispatcher::startWaitingLaneWork()
{
    for (auto it = m_waitingLaneWork.begin();
         it != m_waitingLaneWork.end() && m_busyLanes.size() < m_maxLaneSlots;) {
        if (m_busyLanes.contains(it->lane)) {
            ++it;
            continue;
        }
        m_busyLanes.insert(it->lane, true);
        auto start = std::move(it->start);
        it = m_waitingLaneWork.erase(it);
        start(); // may finish at once and re-enter through laneFinished()
        it = m_waitingLaneWork.begin();
    }
}

void ReplyDispatcher::drain(QDeadlineTimer deadline)
{
    m_draining = true;
    while (m_pending.loadRelaxed() > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    // Let the last answers leave their sockets.
    QDeadlineTimer flush(200);
    while (!flush.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}
