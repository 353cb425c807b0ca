#pragma once

#include "common/result.h"
#include "connectionsettings.h"

#include <QProcess>

#include <memory>

//! A private PostgreSQL cluster in a data directory of ours: initialised on first use, started
//! on a free loopback port, stopped with us. PostgreSQL refuses to run as root, so when we are
//! root the cluster belongs to the unprivileged `postgres` account and runs as it. The server
//! uses it when no DATABASE_URL is set; the tests use it for throwaway clusters.
class EmbeddedPostgres
{
public:
    struct Options
    {
        QString dataDirectory;
        //! Trade durability for speed (fsync off): for tests only.
        bool throwaway = false;
        //! 0: a free port, chosen at every start.
        quint16 port = 0;
    };

    explicit EmbeddedPostgres(Options options);
    ~EmbeddedPostgres();
    Q_DISABLE_COPY_MOVE(EmbeddedPostgres)

    //! Initialises the cluster when needed, starts it and waits until it accepts connections.
    //! Blocks for up to a minute; call it before the event loop runs.
    Result<ConnectionSettings> start();
    //! Fast shutdown: open connections are closed, committed work is kept.
    void stop();
    bool isRunning() const;
    //! The port of the running cluster, 0 when stopped.
    quint16 port() const { return m_port; }

    QString clusterDirectory() const;
    QString logFile() const;

private:
    Result<QString> locateBinaries() const;
    Result<QString> ensurePassword();
    Result<void> ensureAccess();
    Result<void> initialise(const QString &password);
    Result<void> launch(quint16 port);
    Result<void> waitUntilReady(const ConnectionSettings &settings);
    Result<void> createApplicationDatabase(const ConnectionSettings &settings);
    void prepareChild(QProcess &process) const;
    QString logTail() const;

    Options m_options;
    QString m_binDirectory;
    std::unique_ptr<QProcess> m_postgres;
    // The account the cluster runs as when we are root; -1 when we run it as ourselves.
    long m_uid = -1;
    long m_gid = -1;
    quint16 m_port = 0;
};
