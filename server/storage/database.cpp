#include "database.h"

#include "pgconnection.h"

#include <QAtomicInt>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSqlError>
#include <QThread>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStorage, "booking.server.storage", QtInfoMsg)

//! The connection of one pool thread. It lives in thread-local storage, so it is closed and
//! unregistered by the thread that opened it when that thread ends.
struct Database::ThreadConnection
{
    const Database *owner = nullptr;
    QString name;
    QHash<QString, QSqlQuery> statements;
    //! The pool's count of open connections, while this one is counted in it.
    QAtomicInt *counted = nullptr;

    void setCounted(QAtomicInt *openConnections)
    {
        if (counted == openConnections)
            return;
        if (counted)
            counted->deref();
        counted = openConnections;
        if (counted)
            counted->ref();
    }

    ~ThreadConnection()
    {
        setCounted(nullptr);
        statements.clear();
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
};

namespace {

thread_local std::unique_ptr<Database::ThreadConnection> t_connection;

QString nextConnectionPrefix()
{
    static QAtomicInt counter;
    return u"booking-db%1-"_s.arg(counter.fetchAndAddRelaxed(1));
}

void backOff(int attempt)
{
    // Exponential with full jitter, so that retrying waiters do not collide again.
    const int ceilingMs = std::min(10 << attempt, 250);
    QThread::msleep(QRandomGenerator::global()->bounded(ceilingMs / 2, ceilingMs + 1));
}

} // namespace

Database::Database(ConnectionSettings settings, Options options)
    : m_settings(std::move(settings))
    , m_options(options)
    , m_connectionPrefix(nextConnectionPrefix())
{
    m_pool.setMaxThreadCount(std::max(1, options.poolSize));
    // Threads keep their connection, so they must never expire.
    m_pool.setExpiryTimeout(-1);
    m_pool.setObjectName(u"database-pool"_s);
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

bool Database::ensureOpen(ThreadConnection &connection, QString *why)
{
    QSqlDatabase db = QSqlDatabase::database(connection.name, false);
    if (db.isValid() && !PgConnection::isBad(db))
        return true;

    connection.statements.clear();
    connection.setCounted(nullptr);
    if (!db.isValid())
        db = m_settings.addConnection(connection.name);
    db.close();
    if (!db.open()) {
        *why = db.lastError().databaseText().trimmed();
        return false;
    }
    PgConnection::logNotices(db, lcStorage());
    connection.setCounted(&m_open);
    // Timestamps are exchanged in UTC. A lock wait longer than this is retried by the caller
    // rather than left to hold a worker forever.
    QSqlQuery setup(db);
    if (!setup.exec(
            u"SET TIME ZONE 'UTC'; SET lock_timeout = '30s'; SET client_min_messages = warning"_s)) {
        *why = setup.lastError().databaseText().trimmed();
        db.close();
        connection.setCounted(nullptr);
        return false;
    }
    return true;
}

Result<void> Database::runWithRetries(bool transactional,
                                      const std::function<bool(SqlSession &)> &work)
{
    m_inUse.ref();
    const auto done = qScopeGuard([this] { m_inUse.deref(); });
    ThreadConnection &connection = threadConnection();
    for (int attempt = 1; attempt <= m_options.maxAttempts; ++attempt) {
        if (attempt > 1)
            backOff(attempt);
        QString why;
        if (!ensureOpen(connection, &why)) {
            qCWarning(lcStorage).noquote() << "cannot connect to the database:" << why;
            continue;
        }
        SqlSession session(QSqlDatabase::database(connection.name, false), connection.statements);
        if (transactional && !session.execText(u"BEGIN ISOLATION LEVEL READ COMMITTED"_s)) {
            if (session.failure()->kind == SqlFailure::Kind::Fatal)
                return session.error();
            continue;
        }

        const bool commit = work(session);
        if (const auto &failure = session.failure()) {
            if (transactional && failure->kind != SqlFailure::Kind::ConnectionLost)
                session.database().rollback();
            if (failure->kind == SqlFailure::Kind::Fatal)
                return Error(ErrorCode::Internal);
            continue;
        }
        if (!transactional)
            return {};
        if (commit || session.keepsChanges()) {
            if (session.execText(u"COMMIT"_s))
                return {};
            // A COMMIT refused by the server has rolled back, so the unit may run again. When
            // the connection dropped instead, the outcome is unknown: never run it twice.
            switch (session.failure()->kind) {
            case SqlFailure::Kind::Retryable:
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
    qCWarning(lcStorage) << "giving up after" << m_options.maxAttempts << "attempts";
    return Error(ErrorCode::ServiceUnavailable);
}

Result<void> Database::ping()
{
    return runAndWait([this]() -> Result<void> {
        ThreadConnection &connection = threadConnection();
        QString why;
        if (!ensureOpen(connection, &why))
            return Error(ErrorCode::ServiceUnavailable, why);
        SqlSession session(QSqlDatabase::database(connection.name, false), connection.statements);
        if (!session.execText(u"SELECT 1"_s))
            return Error(ErrorCode::ServiceUnavailable, session.failure()->message);
        return {};
    });
}
