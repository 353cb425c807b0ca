#pragma once

#include "storage/connectionsettings.h"

#include <QTemporaryDir>

#include <memory>

class EmbeddedPostgres;

//! A throwaway PostgreSQL cluster for one test program: a temporary directory, a free port,
//! fsync off. Nothing depends on a database someone started by hand.
class TestCluster
{
public:
    TestCluster();
    ~TestCluster();

    //! Starts the cluster, again on the same port after a stop(); false (with the reason in
    //! error()) when it cannot.
    bool start();
    void stop();
    //! Stops and starts again on the same port, as a database server restart looks to clients.
    bool restart();
    const ConnectionSettings &settings() const { return m_settings; }
    QString error() const { return m_error; }
    //! postgresql://... for DATABASE_URL.
    QString url() const;

    //! What freeze() stops.
    enum class Freeze {
        //! The postmaster only: new connections hang, open ones still answer.
        Postmaster,
        //! The postmaster and every backend: nothing answers, nothing is closed.
        Everything,
    };
    //! SIGSTOP: the server hangs without closing a connection, as a stalled host looks to its
    //! clients. false when the cluster is not running.
    bool freeze(Freeze what);
    //! SIGCONT to what freeze() stopped.
    void thaw();

private:
    QTemporaryDir m_directory;
    std::unique_ptr<EmbeddedPostgres> m_postgres;
    ConnectionSettings m_settings;
    QString m_error;
    QList<qint64> m_frozen;
};
