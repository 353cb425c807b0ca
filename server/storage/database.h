#pragma once

#include "circuitbreaker.h"
#include "common/logcontext.h"
#include "common/result.h"
#include "connectionsettings.h"
#include "sqlsession.h"
#include "stallwatchdog.h"

#include <QAtomicInt>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <future>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

//! The database worker pool. All SQL (and password hashing) runs on its threads, never on the
//! HTTP thread. Each worker owns one PostgreSQL connection, opened on first use and reopened
//! after the server went away. Units of work run through transaction() or session(), which
//! retry lock and serialization failures and lost connections.
//!
//! While the database is away, callers hear so (SERVICE_UNAVAILABLE) within seconds: a
//! connection attempt gives up after 2 s, connection trouble is retried only early in a unit,
//! a circuit breaker makes units fail at once (no connection attempt) once connecting has
//! failed a few times in a row, and a stall watchdog breaks the connections of a server that
//! hangs. Half-open probes find the database again once it is back.
class Database
{
public:
    struct Options
    {
        int poolSize = 16;
        //! How often a unit of work runs before a transient failure is reported as 503.
        int maxAttempts = 5;
        //! Connection trouble (a failed connect, a lost connection) is retried only this long
        //! into a unit; later the unit fails, so that its caller is answered in time.
        std::chrono::milliseconds retryWindow{1000};
        CircuitBreakerSettings breaker = {};
        StallWatchdogSettings watchdog = {};
    };

    Database(ConnectionSettings settings, Options options);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    QThreadPool &pool() { return m_pool; }
    const ConnectionSettings &settings() const { return m_settings; }

    //! Runs `work` on a pool thread and waits for it: for start-up and command-line tasks.
    template<typename F>
    auto runAndWait(F work) -> decltype(work())
    {
        std::packaged_task<decltype(work())()> task(std::move(work));
        auto future = task.get_future();
        m_pool.start([&task, requestId = LogContext::requestId()] {
            const LogContext::Scope scope(requestId);
            task();
        });
        return future.get();
    }

    //! Runs `work` on a pool thread (typically a transaction() or session()), then `then` with
    //! its result on the thread of `context`, which must outlive the work. Work of a higher
    //! `priority` leaves the queue first.
    template<typename R>
    void async(QObject *context, std::function<R()> work, std::function<void(R)> then,
               int priority = 0)
    {
        // The log lines of the work and of `then` name the request that asked for it.
        m_pool.start(
            [context, work = std::move(work), then = std::move(then),
             requestId = LogContext::requestId()]() mutable {
                const LogContext::Scope scope(requestId);
                QMetaObject::invokeMethod(
                    context,
                    [then = std::move(then), result = work(), requestId]() mutable {
                        const LogContext::Scope thenScope(requestId);
                        then(std::move(result));
                    },
                    Qt::QueuedConnection);
            },
            priority);
    }

    //! On a pool thread: runs `work` inside one READ COMMITTED transaction. It commits when
    //! `work` returns a value (or called SqlSession::keepChanges()), and rolls back otherwise.
    template<typename T>
    Result<T> transaction(const std::function<Result<T>(SqlSession &)> &work)
    {
        return runUnit<T>(true, work);
    }

    //! On a pool thread: runs `work` with every statement committing by itself.
    template<typename T>
    Result<T> session(const std::function<Result<T>(SqlSession &)> &work)
    {
        return runUnit<T>(false, work);
    }

    //! Opens a connection from a pool thread and runs SELECT 1: is the database reachable?
    //! Blocks; for start-up, not for a pool thread.
    Result<void> ping();

    //! The circuit breaker in front of the database: its state and counters (for metrics).
    const CircuitBreaker &breaker() const { return m_breaker; }
    //! Open connections running a unit of work now. Thread-safe, cheap.
    int connectionsInUse() const;
    //! Open connections waiting for work. Thread-safe, cheap.
    int connectionsIdle() const;
    //! Connection attempts of the pool's threads so far, successful or not.
    qint64 connectAttempts() const;
    //! How often the stall watchdog found the database hanging.
    qint64 hangsSeen() const;

    //! Lets queued work finish, then closes every connection, each on its own thread. Use this,
    //! not pool().waitForDone(): that ends the threads, and their connections close after
    //! QThread::wait() has returned, racing whoever stops the database server next.
    void close();

private:
    template<typename T>
    Result<T> runUnit(bool transactional, const std::function<Result<T>(SqlSession &)> &work)
    {
        std::optional<Result<T>> result;
        const Result<void> outcome = runWithRetries(transactional, [&](SqlSession &session) {
            result.emplace(work(session));
            return result->ok();
        });
        if (!outcome) {
            // A unit that failed for good may have described the failure better itself.
            if (outcome.error().code == ErrorCode::Internal && result && !result->ok())
                return result->error();
            return outcome.error();
        }
        return std::move(*result);
    }

    //! `work` returns whether to commit. Retries the whole unit on transient failures.
    Result<void> runWithRetries(bool transactional, const std::function<bool(SqlSession &)> &work);

public:
    //! The connection of a pool thread (defined in the .cpp file).
    struct ThreadConnection;

private:
    //! How ensureOpen() found the thread's connection.
    enum class Opening { Reused, Connected, Failed };
    //! Unless it is open already (and not `fresh`), (re)connects the thread's connection.
    Opening ensureOpen(ThreadConnection &connection, bool fresh, QString *why);
    void closeConnection(ThreadConnection &connection);
    ThreadConnection &threadConnection();
    //! Logs what a breaker report changed: once when it opens and once when it closes.
    void reportBreaker(CircuitBreaker::Change change, const QString &why);

    //! A unit of work holds the thread's open connection: counted and watched.
    class BusyConnection;

    ConnectionSettings m_settings;
    Options m_options;
    QString m_connectionPrefix;
    CircuitBreaker m_breaker;
    QAtomicInt m_openConnections;
    QAtomicInt m_busyConnections;
    QAtomicInteger<qint64> m_connectAttempts;
    QThreadPool m_pool;
    //! Last: it calls back into the breaker from its own thread until it is gone.
    std::unique_ptr<StallWatchdog> m_watchdog;
};
