#pragma once

#include "connectionlimits.h"

#include <QTcpServer>

//! The listening socket QHttpServer is bound to. It hands out GuardedSockets and refuses
//! connections beyond the cap.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(ConnectionLimits limits, QObject *parent = nullptr);

    int openConnections() const { return m_open; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    ConnectionLimits m_limits;
    int m_open = 0;
};
