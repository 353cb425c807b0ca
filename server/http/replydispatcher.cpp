#include "replydispatcher.h"

#include <QCoreApplication>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QThreadPool>

#include <memory>

using namespace Qt::StringLiterals;

ReplyDispatcher::ReplyDispatcher(QThreadPool &pool, const ReplyWriter &writer, int maxQueued,
                                 int maxQueuedPerLane, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_writer(writer)
    , m_maxQueued(maxQueued)
    , m_maxQueuedPerLane(maxQueuedPerLane)
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
    const bool laneFull
        = !lane.isEmpty() && m_lanes.value(lane).size() >= size_t(m_maxQueuedPerLane);
    if (m_draining || m_onPool.loadRelaxed() >= m_maxQueued || laneFull) {
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
        m_onPool.deref();
        // This object outlives the pool's work: the server drains it before deleting it.
        QMetaObject::invokeMethod(
            this, [finish, result = std::move(result)]() mutable { finish(std::move(result)); },
            Qt::QueuedConnection);
    };
    if (lane.isEmpty()) {
        m_onPool.ref();
        m_pool.start(std::move(job));
        return;
    }
    std::deque<LaneWork> &queue = m_lanes[lane];
    queue.push_back([this, socket, job = std::move(job)]() mutable {
        // Nobody waits for it any more: do not start it at all.
        if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
            m_pending.deref();
            return false;
        }
        m_onPool.ref();
        m_pool.start(std::move(job));
        return true;
    });
    if (queue.size() == 1 && !m_busyLanes.contains(lane)) {
        m_waitingLanes.push_back(lane);
        startLanes();
    }
}

void ReplyDispatcher::laneFinished(const QString &lane)
{
    m_busyLanes.remove(lane);
    // Round robin: a lane with more work gets back in line behind the others.
    if (!m_lanes.value(lane).empty())
        m_waitingLanes.push_back(lane);
    else
        m_lanes.remove(lane);
    startLanes();
}

void ReplyDispatcher::startLanes()
{
    while (m_busyLanes.size() < m_maxLaneSlots && !m_waitingLanes.empty()) {
        const QString lane = m_waitingLanes.front();
        m_waitingLanes.pop_front();
        std::deque<LaneWork> &queue = m_lanes[lane];
        // Skip work whose clients have gone, without recursion however many there are.
        bool started = false;
        while (!queue.empty() && !started) {
            LaneWork start = std::move(queue.front());
            queue.pop_front();
            started = start();
        }
        if (started)
            m_busyLanes.insert(lane);
        else
            m_lanes.remove(lane);
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
