#include "twoinstances.h"

using namespace Qt::StringLiterals;

TwoInstances::~TwoInstances()
{
    stop();
}

std::unique_ptr<ServerProcess> TwoInstances::startInstance(const QStringList &arguments)
{
    auto server = std::make_unique<ServerProcess>();
    server->useCluster(m_cluster);
    server->environment().insert(u"PAYMENT_DELAY_MS"_s, u"0"_s);
    server->environment().insert(u"AUTH_RATE_LIMIT"_s, u"0"_s);
    if (!server->start(arguments)) {
        m_error = server->output();
        return nullptr;
    }
    return server;
}

bool TwoInstances::start()
{
    if (!m_cluster.start()) {
        m_error = m_cluster.error();
        return false;
    }
    m_first = startInstance({u"--seed"_s});
    if (!m_first)
        return false;
    m_second = startInstance({});
    if (!m_second)
        return false;
    reopenFixtures();
    return true;
}

void TwoInstances::reopenFixtures()
{
    m_fixtures.reset();
    m_fixtures = std::make_unique<Fixtures>(m_cluster.settings());
}

void TwoInstances::stop()
{
    m_fixtures.reset();
    m_first.reset();
    m_second.reset();
    m_cluster.stop();
}
