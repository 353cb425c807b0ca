#include "apitestcase.h"

void ApiTestCase::startServer(const std::function<void(Config &)> &configure,
                              const ServerSeams &seams)
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    m_server = std::make_unique<TestServer>(m_cluster);
    m_server->seams() = seams;
    if (configure)
        configure(m_server->config());
    QVERIFY2(m_server->start(), qPrintable(m_server->error()));
    m_fixtures = std::make_unique<Fixtures>(m_cluster.settings());
    m_client = newClient();
}

std::unique_ptr<TestClient> ApiTestCase::newClient() const
{
    return std::make_unique<TestClient>(m_server->url());
}

void ApiTestCase::stopServer()
{
    m_client.reset();
    m_fixtures.reset();
    m_server.reset();
    m_cluster.stop();
}

void ApiTestCase::reopenFixtures()
{
    m_fixtures = std::make_unique<Fixtures>(m_cluster.settings());
}

void ApiTestCase::resetData()
{
    QVERIFY(m_server->resetData());
}
