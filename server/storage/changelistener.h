#pragma once

#include "common/livemessage.h"
#include "connectionsettings.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>

class ChangeListenerWorker;

//! LISTENs for the ticket-count changes every server instance announces (migration 002) and
//! the other changes of the events (migration 005), and re-emits them on the thread that owns
//! this object. It runs its connection on a thread of its
//! own, so that reconnecting never blocks the HTTP thread. A watchdog notices a dead
//! connection (PostgreSQL restarted, network cut), reconnects, subscribes again, and replays
//! the changes made while it was away, so listeners never stay stale.
class ChangeListener final : public QObject
{
    Q_OBJECT

public:
    explicit ChangeListener(ConnectionSettings settings,
                            std::chrono::milliseconds watchdogInterval = std::chrono::seconds(1),
                            QObject *parent = nullptr);
    ~ChangeListener() override;

    void start();
    void stop();

    //! How often replaying the changes missed while the connection was lost has failed (each
    //! failure is logged, and the replay is tried again with the next reconnection). Any
    //! thread.
    quint64 replayFailures() const;

Q_SIGNALS:
    void eventChanged(const LiveMessage &change);
    //! Events were added, removed or edited (not just their ticket counts).
    void catalogChanged();
    //! True once subscribed, false when the connection was lost.
    void listeningChanged(bool listening);

private:
    //! Shared with the worker, which counts.
    std::shared_ptr<std::atomic<quint64>> m_replayFailures;
    QThread m_thread;
    ChangeListenerWorker *m_worker = nullptr;
};
