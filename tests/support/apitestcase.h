#pragma once

#include "fixtures.h"
#include "testclient.h"
#include "testcluster.h"
#include "testserver.h"

#include <QTest>

#include <memory>

//! The base of HTTP tests: one throwaway cluster and one in-process server per test program,
//! fresh seed data before every test function.
class ApiTestCase : public QObject
{
    Q_OBJECT

protected:
    //! Starts cluster and server; call from initTestCase(). Adjust the config in `configure`.
    void startServer(const std::function<void(Config &)> &configure = {},
                     const ServerSeams &seams = {});
    void stopServer();
    //! Fresh seed data; call from init().
    void resetData();
    //! New fixture connections, after the cluster has been stopped and started again.
    void reopenFixtures();

    //! A client of the running server.
    TestClient &client() { return *m_client; }
    //! Another client with its own connections.
    std::unique_ptr<TestClient> newClient() const;
    TestServer &server() { return *m_server; }
    TestCluster &cluster() { return m_cluster; }
    Fixtures &fixtures() { return *m_fixtures; }

private:
    TestCluster m_cluster;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Fixtures> m_fixtures;
    std::unique_ptr<TestClient> m_client;
};
