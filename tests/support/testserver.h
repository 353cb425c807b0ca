#pragma once

#include "app/config.h"
#include "app/serverapp.h"
#include "testcluster.h"

#include <QUrl>

#include <memory>

//! The real server, in process, on an ephemeral port, on a TestCluster. Tests talk to it over
//! real HTTP.
class TestServer
{
public:
    static constexpr QLatin1StringView AccessSecret{"test-access-secret-0123456789-abcdefghij"};
    static constexpr QLatin1StringView RefreshSecret{"test-refresh-secret-0123456789-abcdefghi"};

    explicit TestServer(const TestCluster &cluster);
    ~TestServer();

    //! The configuration start() uses; adjust it before starting.
    Config &config() { return m_config; }
    //! The clock and payment provider start() gives the server; set them before starting.
    ServerSeams &seams() { return m_seams; }
    //! Opens the database (migrations, fresh seed data unless told otherwise) and listens.
    //! false with error() set.
    bool start(ServerApp::Seeding seeding = ServerApp::Seeding::Reset);
    void stop();
    //! Stops and starts again on the same port, as a server restart looks to clients.
    bool restart();
    QString error() const { return m_error; }

    //! http://127.0.0.1:<port><path>
    QUrl url(const QString &path = {}) const;
    quint16 port() const { return m_port; }
    ServerApp &app() { return *m_app; }

    //! Wipes every user, event and booking and seeds again.
    bool resetData();

private:
    const TestCluster &m_cluster;
    Config m_config;
    ServerSeams m_seams;
    std::unique_ptr<ServerApp> m_app;
    quint16 m_port = 0;
    QString m_error;
    QString m_seedPasswordHash;
};
