#include "database.h"

#include "pgconnection.h"

#include <QAtomicInt>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QSqlError>
#include <QThread>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStorage, "booking.server.storage", QtInfoMsg)

//! The connection of one pool thread. It lives in thread-local storage, so it is closed and
//! unregistered by the thread that opened it when that thread ends.
struct Database::ThreadConnection
{
    Database *owner = nullptr;
    QString name;
    QHash<QString, QSqlQuery> statements;
    //! Counted in the owner's open connections.
    bool counted = false;
    //! A dup() of libpq's socket for the stall watchdog: libpq may close its own descriptor
    //! when the server goes away, and a reused descriptor number must never be shut down.
    int watchedSocket = -1;

    ~ThreadConnection() { owner->closeConnection(*this); }
};

namespace {

thread_local std::unique_ptr<Database::ThreadConnection> t_connection;

QString nextConnectionPrefix()
{
    static QAtomicInt counter;
    return u"booking-db%1-"_s.arg(counter.fetchAndAddRelaxed(1));
}

//! libpq's connect_timeout is 2 s (see ConnectionSettings): a connection attempt that failed
//! after this long timed out rather than being refused.
constexpr std::chrono::milliseconds slowConnectFailure{1000};

void backOff(int attempt)
{
    // Exponential with full jitter, so that retrying waiters do not collide again.
    const int ceilingMs = std::min(10 << attempt, 250);
    QThread::msleep(QRandomGenerator::global()->bounded(ceilingMs / 2, ceilingMs + 1));
}

} // namespace

//! While a unit of work runs on the thread's open connection: counted as in use, and its socket
//! watched for a server that hangs.
class Database::BusyConnection
{
public:
    BusyConnection(Database &database, const ThreadConnection &connection)
        : m_database(database)
    {
        m_database.m_busyConnections.ref();
        if (connection.watchedSocket >= 0)
            m_ticket = m_database.m_watchdog->enter(connection.watchedSocket);
    }
    ~BusyConnection()
    {
        if (m_ticket >= 0)
            m_database.m_watchdog->leave(m_ticket);
        m_database.m_busyConnections.deref();
    }
    Q_DISABLE_COPY_MOVE(BusyConnection)

private:
    Database &m_database;
    int m_ticket = -1;
};

Database::Database(ConnectionSettings settings, Options options)
    : m_settings(std::move(settings))
    , m_options(options)
    , m_connectionPrefix(nextConnectionPrefix())
    , m_breaker(options.breaker)
{
    m_pool.setMaxThreadCount(std::max(1, options.poolSize));
    // Threads keep their connection, so they must never expire.
    m_pool.setExpiryTimeout(-1);
    m_pool.setObjectName(u"database-pool"_s);
    m_watchdog = std::make_unique<StallWatchdog>(m_settings, options.watchdog, [this] {
        reportBreaker(m_breaker.trip(),
                      u"no answer within %1 ms"_s.arg(m_options.watchdog.answerWithin.count()));
    });
}

Database::~Database()
{
    close();
}

void Database::close()
{
    // Close every connection on its own thread, now. Thread-local destructors would do it too,
    // but only after QThread::wait() has returned, racing whoever stops the server next.
    // One blocking task per thread: none can take a second before all have taken one.
    const int threads = m_pool.maxThreadCount();
    QSemaphore arrived;
    QSemaphore proceed;
    for (int i = 0; i < threads; ++i) {
        m_pool.start([&arrived, &proceed] {
            t_connection.reset();
            arrived.release();
            proceed.acquire();
        });
    }
    arrived.acquire(threads);
    proceed.release(threads);
    m_pool.waitForDone();
}

Database::ThreadConnection &Database::threadConnection()
{
    if (!t_connection) {
        t_connection = std::make_unique<ThreadConnection>();
        t_connection->owner = this;
        t_connection->name = m_connectionPrefix
            + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
    }
    Q_ASSERT_X(t_connection->owner == this, "Database", "a pool thread serves one database");
    return *t_connection;
}

void Database::closeConnection(ThreadConnection &connection)
{
    QSqlDatabase::database(connection.name, false).close();
    // The driver goes before the prepared statements: they would otherwise each try to
    // DEALLOCATE on a dead connection and warn. The server frees them with its session.
    QSqlDatabase::removeDatabase(connection.name);
    connection.statements.clear();
    // After libpq's descriptor: the socket closes with the last one.
    if (connection.watchedSocket >= 0)
        ::close(connection.watchedSocket);
    connection.watchedSocket = -1;
    if (std::exchange(connection.counted, false))
        m_openConnections.deref();
}

Database::Opening Database::ensureOpen(ThreadConnection &connection, bool fresh, QString *why)
{
    if (!fresh) {
        const QSqlDatabase db = QSqlDatabase::database(connection.name, false);
        if (db.isValid() && !PgConnection::isBad(db))
            return Opening::Reused;
    }
    closeConnection(connection);
    QSqlDatabase db = m_settings.addConnection(connection.name);
    m_connectAttempts.fetchAndAddRelaxed(1);
    if (!db.open()) {
        *why = db.lastError().databaseText().simplified();
        return Opening::Failed;
    }
    PgConnection::logNotices(db, lcStorage());
    // Timestamps are exchanged in UTC. A lock wait longer than this is retried by the caller
    // rather than left to hold a worker forever.
    QSqlQuery setup(db);
    if (!setup.exec(
            u"SET TIME ZONE 'UTC'; SET lock_timeout = '30s'; SET client_min_messages = warning"_s)) {
        *why = setup.lastError().databaseText().simplified();
        db.close();
        return Opening::Failed;
    }
    connection.counted = true;
    m_openConnections.ref();
    if (const int socket = PgConnection::socket(db); socket >= 0)
        connection.watchedSocket = ::fcntl(socket, F_DUPFD_CLOEXEC, 0);
    return Opening::Connected;
}

void Database::reportBreaker(CircuitBreaker::Change change, const QString &why)
{
    switch (change) {
    case CircuitBreaker::Change::None:
        break;
    case CircuitBreaker::Change::Opened:
        qCWarning(lcStorage).noquote()
            << u"database unreachable (%1), failing fast for %2 ms between probes"_s.arg(
                   why, QString::number(m_options.breaker.coolDown.count()));
        break;
    case CircuitBreaker::Change::Reopened:
        qCDebug(lcStorage).noquote() << "database still unreachable:" << why;
        break;
    case CircuitBreaker::Change::Closed:
        qCInfo(lcStorage).noquote()
            << u"database reachable again after %1 ms"_s.arg(m_breaker.lastOutageMs());
        break;
    }
}

Result<void> Database::runWithRetries(bool transactional,
                                      const std::function<bool(SqlSession &)> &work)
{
    ThreadConnection &connection = threadConnection();
    QElapsedTimer age;
    age.start();
    // Connection trouble is worth another attempt only while the caller can still be answered
    // in time; lock and serialization failures are retried whatever the time.
    const auto mayRetryConnection = [&] {
        return age.elapsed() < m_options.retryWindow.count();
    };
    // The breaker reports connection trouble; only contention is worth a line when giving up.
    bool contended = false;
    for (int attempt = 1; attempt <= m_options.maxAttempts; ++attempt) {
        if (attempt > 1)
            backOff(attempt);
        const CircuitBreaker::Admission admission = m_breaker.admit();
        if (admission == CircuitBreaker::Admission::Refused)
            return Error(ErrorCode::ServiceUnavailable);
        // A probe connects afresh: an old connection says nothing about the server now.
        const bool probe = admission == CircuitBreaker::Admission::Probe;
        QString why;
        contended = false;
        QElapsedTimer connecting;
        connecting.start();
        switch (ensureOpen(connection, probe, &why)) {
        case Opening::Failed:
            qCDebug(lcStorage).noquote() << "cannot connect to the database:" << why;
            // A refusal is cheap and counts towards the threshold. A connection attempt that
            // ran into its timeout opens the breaker at once: every further caller would wait
            // as long.
            reportBreaker(connecting.elapsed() >= slowConnectFailure.count()
                              ? m_breaker.trip()
                              : m_breaker.recordFailure(),
                          why);
            if (mayRetryConnection())
                continue;
            return Error(ErrorCode::ServiceUnavailable);
        case Opening::Connected:
            reportBreaker(m_breaker.recordSuccess(), {});
            break;
        case Opening::Reused:
            break;
        }

        const BusyConnection busy(*this, connection);
        SqlSession session(QSqlDatabase::database(connection.name, false), connection.statements);
        const auto failed = [&]() -> std::optional<Result<void>> {
            const SqlFailure &failure = *session.failure();
            // The server answered (a lock timeout, bad SQL): it is there. Not so when the
            // connection broke under the statement (the stall watchdog cut it, say), whatever
            // the message made of it.
            if (failure.kind != SqlFailure::Kind::ConnectionLost
                && !PgConnection::isBad(session.database()))
                reportBreaker(m_breaker.recordSuccess(), {});
            switch (failure.kind) {
            case SqlFailure::Kind::Fatal:
                return Result<void>(Error(ErrorCode::Internal));
            case SqlFailure::Kind::ConnectionLost:
                if (!mayRetryConnection())
                    return Result<void>(Error(ErrorCode::ServiceUnavailable));
                return std::nullopt;
            case SqlFailure::Kind::Retryable:
                contended = true;
                return std::nullopt;
            }
            return std::nullopt;
        };
        if (transactional && !session.execText(u"BEGIN ISOLATION LEVEL READ COMMITTED"_s)) {
            if (auto result = failed())
                return *result;
            continue;
        }

        const bool commit = work(session);
        if (const auto &failure = session.failure()) {
            if (transactional && failure->kind != SqlFailure::Kind::ConnectionLost)
                session.database().rollback();
            if (auto result = failed())
                return *result;
            continue;
        }
        // The server answered every statement.
        reportBreaker(m_breaker.recordSuccess(), {});
        if (!transactional)
            return {};
        if (commit || session.keepsChanges()) {
            if (session.execText(u"COMMIT"_s))
                return {};
            // A COMMIT refused by the server has rolled back, so the unit may run again. When
            // the connection dropped instead, the outcome is unknown: never run it twice.
            switch (session.failure()->kind) {
            case SqlFailure::Kind::Retryable:
                contended = true;
                continue;
            case SqlFailure::Kind::ConnectionLost:
                return Error(ErrorCode::ServiceUnavailable);
            case SqlFailure::Kind::Fatal:
                return Error(ErrorCode::Internal);
            }
        }
        session.execText(u"ROLLBACK"_s);
        return {};
    }
    if (contended)
        qCWarning(lcStorage) << "giving up after" << m_options.maxAttempts << "attempts";
    return Error(ErrorCode::ServiceUnavailable);
}

Result<void> Database::ping()
{
    return runAndWait([this]() -> Result<void> {
        ThreadConnection &connection = threadConnection();
        QString why;
        if (ensureOpen(connection, false, &why) == Opening::Failed)
            return Error(ErrorCode::ServiceUnavailable, why);
        SqlSession session(QSqlDatabase::database(connection.name, false), connection.statements);
        if (!session.execText(u"SELECT 1"_s))
            return Error(ErrorCode::ServiceUnavailable, session.failure()->message);
        return {};
    });
}

int Database::connectionsInUse() const
{
    return m_busyConnections.loadRelaxed();
}

int Database::connectionsIdle() const
{
    // Read apart, so a unit starting in between may make the difference briefly negative.
    return std::max(0, m_openConnections.loadRelaxed() - m_busyConnections.loadRelaxed());
}

qint64 Database::connectAttempts() const
{
    return m_connectAttempts.loadRelaxed();
}

qint64 Database::hangsSeen() const
{
    return m_watchdog->hangsSeen();
}
