#include "guardedtcpserver.h"

#include "guardcontext.h"
#include "guardedsocket.h"

GuardedTcpServer::GuardedTcpServer(std::shared_ptr<GuardContext> context, QObject *parent)
    : QTcpServer(parent)
    , m_context(std::move(context))
{ }

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new GuardedSocket(m_context, this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (!socket->admit()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    addPendingConnection(socket); // QHttpServer connects its reader right here
    socket->followServerReads();
}
