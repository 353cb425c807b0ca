#pragma once

#include "common/livemessage.h"
#include "connectionsettings.h"

#include <QDateTime>
#include <QObject>
#include <QSqlDriver>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>

//! The ChangeListener's connection, living on the listener's own thread.
class ChangeListenerWorker final : public QObject
{
    Q_OBJECT

public:
    ChangeListenerWorker(ConnectionSettings settings, std::chrono::milliseconds watchdogInterval,
                         std::shared_ptr<std::atomic<quint64>> replayFailures);
    ~ChangeListenerWorker() override;

    static constexpr QLatin1StringView Channel{"event_changes"};
    //! Events added, removed or edited (migration 005).
    static constexpr QLatin1StringView CatalogChannel{"event_catalog_changes"};

    void start();
    void stop();

Q_SIGNALS:
    void eventChanged(const LiveMessage &change);
    void catalogChanged();
    void listeningChanged(bool listening);

private:
    void checkConnection();
    //! Probes the connection; on success remembers the database's time.
    bool recordHealth();
    bool connectAndSubscribe();
    void closeConnection();
    //! Emits the current count of every event changed since `since`; false when that failed.
    bool replayChangesSince(const QDateTime &since);
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);

    ConnectionSettings m_settings;
    QString m_connectionName;
    QTimer m_watchdog;
    bool m_listening = false;
    bool m_reportedOnce = false;
    //! When the connection was last known to work (database clock).
    QDateTime m_lastHealthy;
    std::shared_ptr<std::atomic<quint64>> m_replayFailures;
};
