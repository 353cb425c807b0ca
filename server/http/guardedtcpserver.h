#pragma once

#include <QTcpServer>

#include <memory>

struct GuardContext;

//! The listening socket QHttpServer is bound to. It hands out GuardedSockets, which refuse
//! connections beyond the caps.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(std::shared_ptr<GuardContext> context, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    //! Shared with every socket, which counts itself out when it is destroyed: signals of an
    //! upgraded socket are all disconnected by QHttpServer, its destructor still runs.
    std::shared_ptr<GuardContext> m_context;
};
