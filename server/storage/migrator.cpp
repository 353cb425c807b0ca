#include "migrator.h"

#include "database.h"

#include <QDir>
#include <QFile>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace {

// Any constant works as long as every instance uses the same one.
constexpr qint64 migrationLockKey = 7216318421;

QStringList migrationsIn(const QString &directory)
{
    return QDir(directory).entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
}

} // namespace

QString Migrator::builtInDirectory()
{
    return u":/migrations"_s;
}

QStringList Migrator::available()
{
    return migrationsIn(builtInDirectory());
}

QStringList Migrator::migrations() const
{
    return migrationsIn(m_directory);
}

Result<QStringList> Migrator::migrate()
{
    return m_database.runAndWait([this] {
        return m_database.session<QStringList>([this](SqlSession &session) -> Result<QStringList> {
            const auto failed = [&session](const QString &what) {
                return Error(ErrorCode::Internal, what + u": "_s + session.failure()->message);
            };
            if (!session.execText(u"SELECT pg_advisory_lock(%1)"_s.arg(migrationLockKey)))
                return failed(u"cannot take the migration lock"_s);
            // Whatever happens below, the connection goes back to the pool outside any
            // transaction and without the lock. After a failure the session runs no more
            // statements, so these go straight to the connection; the ROLLBACK comes first, as
            // an aborted transaction refuses everything else (outside one it only warns).
            const auto cleanUp = qScopeGuard([&session] {
                QSqlQuery cleanup(session.database());
                if (session.failure())
                    cleanup.exec(u"ROLLBACK"_s);
                if (!cleanup.exec(u"SELECT pg_advisory_unlock(%1)"_s.arg(migrationLockKey))
                    || !cleanup.next() || !cleanup.value(0).toBool())
                    qCWarning(lcStorage).noquote()
                        << "cannot release the migration lock:" << cleanup.lastError().text();
            });
            if (!session.execText(u"CREATE TABLE IF NOT EXISTS schema_migrations ("
                                  u"version text PRIMARY KEY, "
                                  u"applied_at timestamptz NOT NULL DEFAULT now())"_s))
                return failed(u"cannot create schema_migrations"_s);

            QSqlQuery &applied = session.query(u"SELECT version FROM schema_migrations"_s);
            if (!session.exec(applied))
                return failed(u"cannot read schema_migrations"_s);
            QStringList done;
            while (applied.next())
                done.append(applied.value(0).toString());

            QStringList appliedNow;
            for (const QString &name : migrations()) {
                const QString version = name.section(u'.', 0, 0);
                if (done.contains(version))
                    continue;
                QFile file(m_directory + u'/' + name);
                if (!file.open(QIODevice::ReadOnly))
                    return Error(ErrorCode::Internal, u"cannot read migration "_s + name);
                const QString sql = QString::fromUtf8(file.readAll());
                if (!session.execText(u"BEGIN"_s) || !session.execText(sql))
                    return failed(u"migration "_s + name + u" failed"_s);
                QSqlQuery &record
                    = session.query(u"INSERT INTO schema_migrations (version) VALUES (?)"_s);
                record.bindValue(0, version);
                if (!session.exec(record) || !session.execText(u"COMMIT"_s))
                    return failed(u"cannot record migration "_s + name);
                appliedNow.append(name);
            }
            return appliedNow;
        });
    });
}

Result<QStringList> Migrator::pending()
{
    return m_database.runAndWait([this] {
        return m_database.session<QStringList>(
            [this](SqlSession &session) { return Migrator::pending(session, migrations()); });
    });
}

Result<QStringList> Migrator::pending(SqlSession &session, const QStringList &migrations)
{
    const auto failed = [&session]() -> Error {
        const auto &failure = session.failure();
        // A database that went away is a passing condition, not a broken schema.
        if (failure && failure->kind != SqlFailure::Kind::Fatal)
            return session.error();
        return Error(ErrorCode::Internal,
                     u"cannot read schema_migrations: "_s
                         + (failure ? failure->message : u"no answer"_s));
    };
    QSqlQuery &exists = session.query(u"SELECT to_regclass('schema_migrations') IS NOT NULL"_s);
    if (!session.exec(exists) || !exists.next())
        return failed();
    QStringList done;
    if (exists.value(0).toBool()) {
        QSqlQuery &applied = session.query(u"SELECT version FROM schema_migrations"_s);
        if (!session.exec(applied))
            return failed();
        while (applied.next())
            done.append(applied.value(0).toString());
    }
    QStringList missing;
    for (const QString &name : migrations) {
        if (!done.contains(name.section(u'.', 0, 0)))
            missing.append(name);
    }
    return missing;
}
