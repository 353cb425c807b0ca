#pragma once

#include "common/result.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

class Clock;
class Database;
class RefreshTokenRepository;

//! Deletes the rows of expired refresh tokens, so the table holds live sessions only. Every
//! instance prunes on its own timer, in bounded batches (each a short statement on the
//! expiry index); instances pruning at once just find less to delete.
class RefreshTokenPruner final : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        //! How often (0: only when asked).
        std::chrono::milliseconds interval{std::chrono::minutes(10)};
        //! Rows per statement.
        int batchSize = 1000;
        //! Statements per run at most: a huge backlog is worked off over several runs.
        int maxBatches = 100;
    };

    RefreshTokenPruner(Database &database, const RefreshTokenRepository &tokens, const Clock &clock,
                       Settings settings, QObject *parent = nullptr);

    //! Deletes expired tokens now, on the pool; `done` gets how many, on this object's thread.
    void pruneExpired(std::function<void(Result<int>)> done = {});
    //! No more periodic pruning (the server is shutting down).
    void stop() { m_timer.stop(); }

private:
    Database &m_database;
    const RefreshTokenRepository &m_tokens;
    const Clock &m_clock;
    const Settings m_settings;
    QTimer m_timer;
};
