#pragma once

#include "connectionlimits.h"

#include <QTcpServer>

#include <memory>

//! The listening socket QHttpServer is bound to. It hands out GuardedSockets and refuses
//! connections beyond the cap.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(ConnectionLimits limits, QObject *parent = nullptr);

    int openConnections() const { return *m_open; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    ConnectionLimits m_limits;
    //! Shared with every socket, which counts itself out when it is destroyed: signals of an
    //! upgraded socket are all disconnected by QHttpServer, its destructor still runs.
    std::shared_ptr<int> m_open = std::make_shared<int>(0);
};
