#include "guardedtcpserver.h"

#include "guardedsocket.h"
#include "httpreply.h"

using namespace Qt::StringLiterals;

GuardedTcpServer::GuardedTcpServer(ConnectionLimits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{ }

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new GuardedSocket(m_limits, m_open, this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (*m_open > m_limits.maxConnections) {
        socket->refuse(HttpReply::fromError(
            Error(ErrorCode::ServiceUnavailable, u"Too many connections, please retry"_s)));
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    addPendingConnection(socket); // QHttpServer connects its reader right here
    socket->followServerReads();
}
