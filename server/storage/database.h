#pragma once

#include "common/logcontext.h"
#include "common/result.h"
#include "connectionsettings.h"
#include "sqlsession.h"

#include <QAtomicInt>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <future>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

//! The database worker pool. All SQL (and password hashing) runs on its threads, never on the
//! HTTP thread. Each worker owns one PostgreSQL connection, opened on first use and reopened
//! after the server went away. Units of work run through transaction() or session(), which
//! retry lock and serialization failures and lost connections.
class Database
{
public:
    struct Options
    {
        int poolSize = 16;
        //! How often a unit of work runs before a transient failure is reported as 503.
        int maxAttempts = 5;
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

    //! Connections of the pool running a unit of work now, and open ones waiting for work.
    //! Thread-safe (for metrics).
    int connectionsInUse() const { return m_inUse.loadRelaxed(); }
    int connectionsIdle() const
    {
        return std::max(0, m_open.loadRelaxed() - m_inUse.loadRelaxed());
    }

    //! Opens a connection from a pool thread and runs SELECT 1: is the database reachable?
    Result<void> ping();

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
    ThreadConnection &threadConnection();
    bool ensureOpen(ThreadConnection &connection, QString *why);

    ConnectionSettings m_settings;
    Options m_options;
    QString m_connectionPrefix;
    QThreadPool m_pool;
    QAtomicInt m_inUse;
    QAtomicInt m_open;
};
