#pragma once

#include "fixtures.h"
#include "serverprocess.h"
#include "testcluster.h"

#include <memory>

//! Two booking-server processes on one throwaway cluster, seeded through the first, with
//! fixtures on the cluster: for what one instance does and the other must show. No payment
//! delay, no sign-in rate limit.
class TwoInstances
{
public:
    ~TwoInstances();

    //! Starts the cluster and both servers; false with error() set.
    bool start();
    void stop();
    QString error() const { return m_error; }

    ServerProcess &first() { return *m_first; }
    ServerProcess &second() { return *m_second; }
    TestCluster &cluster() { return m_cluster; }
    Fixtures &fixtures() { return *m_fixtures; }
    //! New fixture connections, after the cluster restarted.
    void reopenFixtures();

private:
    std::unique_ptr<ServerProcess> startInstance(const QStringList &arguments);

    TestCluster m_cluster;
    std::unique_ptr<ServerProcess> m_first;
    std::unique_ptr<ServerProcess> m_second;
    std::unique_ptr<Fixtures> m_fixtures;
    QString m_error;
};
