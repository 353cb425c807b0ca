#include "replydispatcher.h"

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
{ }

void ReplyDispatcher::reply(QHttpServerResponder &responder, const RequestInfo &request,
                            HttpReply reply) const
{
    m_writer.write(responder.socket(), request, std::move(reply));
}

void ReplyDispatcher::replyLater(QHttpServerResponder &&responder, const RequestInfo &request,
                                 std::function<HttpReply()> work)
{
    if (m_pending.loadRelaxed() >= m_maxQueued) {
        reply(responder, request,
              HttpReply::fromError(
                  Error(ErrorCode::ServiceUnavailable, u"The server is busy, please retry"_s)));
        return;
    }
    m_pending.ref();
    auto keptResponder = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = keptResponder->socket();
    // This object outlives the pool's work: the server waits for the pool before deleting it.
    m_pool.start([this, keptResponder, socket, request, work = std::move(work)] {
        HttpReply result = work();
        QMetaObject::invokeMethod(
            this,
            [this, keptResponder, socket, request, result = std::move(result)]() mutable {
                m_pending.deref();
                // The client may have gone while we worked: then there is no one to answer.
                if (!socket || socket->state() != QAbstractSocket::ConnectedState)
                    return;
                m_writer.write(socket, request, std::move(result));
            },
            Qt::QueuedConnection);
    });
}
