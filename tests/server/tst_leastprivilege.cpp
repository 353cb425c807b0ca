#include "app/config.h"
#include "fixtures.h"
#include "serverprocess.h"
#include "storage/database.h"
#include "testclient.h"
#include "testcluster.h"
#include "testserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

const QString servingRole = u"booking_app"_s;
const QString servingPassword = u"serving-role-test-password"_s;

} // namespace

//! The API serves as a role that reads and writes rows and nothing more; the schema's owner
//! migrates and grants. A server without the owner's connection refuses an unmigrated schema.
class TestLeastPrivilege final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void ownerUrlIsReadAndNeedsDatabaseUrl();
    void servingRoleCannotChangeTheSchema_data();
    void servingRoleCannotChangeTheSchema();
    void servingRoleIsNoSuperuserAndOwnsNothing();
    void wholeApiWorksAsTheServingRole();
    void changesReachListenersOfTheServingRole();
    void tablesOfLaterMigrationsAreGrantedToo();
    void readinessReadsTheSchemaAsTheServingRole();
    void serveWithoutOwnerRefusesAnUnmigratedDatabase();
    void embeddedServerServesAsItsOwnRole();

private:
    ConnectionSettings serving() const;
    //! Runs `sql` as the serving role; the error text, empty when it succeeded.
    QString runAsServingRole(const QString &sql);

    TestCluster m_cluster;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Fixtures> m_owner;
};

ConnectionSettings TestLeastPrivilege::serving() const
{
    ConnectionSettings settings = m_cluster.settings();
    settings.user = servingRole;
    settings.password = servingPassword;
    return settings;
}

void TestLeastPrivilege::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    m_server = std::make_unique<TestServer>(m_cluster);
    // The cluster's superuser owns the schema; the role of DATABASE_URL does not exist yet.
    m_server->config().database = serving();
    m_server->config().databaseOwner = m_cluster.settings();
    QVERIFY2(m_server->start(ServerApp::Seeding::Reset), qPrintable(m_server->error()));
    m_owner = std::make_unique<Fixtures>(m_cluster.settings());
}

void TestLeastPrivilege::cleanupTestCase()
{
    m_owner.reset();
    m_server.reset();
    m_cluster.stop();
}

QString TestLeastPrivilege::runAsServingRole(const QString &sql)
{
    const QString name = u"serving-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QString error;
    {
        QSqlDatabase db = serving().addConnection(name);
        if (!db.open())
            return u"cannot connect: "_s + db.lastError().text();
        QSqlQuery query(db);
        if (!query.exec(sql))
            error = query.lastError().databaseText();
        if (error.isEmpty() && sql.startsWith(u"SELECT") && !query.next())
            error = u"no row"_s;
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

void TestLeastPrivilege::ownerUrlIsReadAndNeedsDatabaseUrl()
{
    const auto config = Config::fromEnvironment(
        {{u"DATABASE_URL"_s, u"postgresql://booking_app:pw@db:5432/booking"_s},
         {u"DATABASE_OWNER_URL"_s, u"postgresql://booking:owner-pw@db:5432/booking"_s}},
        {});
    QVERIFY(config.ok());
    QCOMPARE(config->database->user, u"booking_app"_s);
    QCOMPARE(config->databaseOwner->user, u"booking"_s);
    QVERIFY(!Config::fromEnvironment({{u"DATABASE_URL"_s, u"postgresql://a:b@db/c"_s}}, {})
                 ->databaseOwner);
    const auto alone = Config::fromEnvironment(
        {{u"DATABASE_OWNER_URL"_s, u"postgresql://booking:owner-pw@db:5432/booking"_s}}, {});
    QVERIFY(!alone.ok());
    QVERIFY(alone.error().message.startsWith(u"DATABASE_OWNER_URL needs DATABASE_URL"_s));
    const auto bad = Config::fromEnvironment({{u"DATABASE_URL"_s, u"postgresql://a:b@db/c"_s},
                                              {u"DATABASE_OWNER_URL"_s, u"mysql://x@y/z"_s}},
                                             {});
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.startsWith(u"DATABASE_OWNER_URL must look like"_s));
}

void TestLeastPrivilege::servingRoleCannotChangeTheSchema_data()
{
    QTest::addColumn<QString>("sql");
    QTest::newRow("create a table") << u"CREATE TABLE intruder (id int)"_s;
    QTest::newRow("drop a table") << u"DROP TABLE bookings"_s;
    QTest::newRow("alter a table") << u"ALTER TABLE events ADD COLUMN intruder int"_s;
    QTest::newRow("drop a constraint")
        << u"ALTER TABLE events DROP CONSTRAINT events_remaining_tickets_check"_s;
    QTest::newRow("replace a function")
        << u"CREATE OR REPLACE FUNCTION notify_event_change() RETURNS trigger LANGUAGE plpgsql "
           u"AS $$ BEGIN RETURN NULL; END; $$"_s;
    QTest::newRow("drop a trigger") << u"DROP TRIGGER events_notify_update ON events"_s;
    QTest::newRow("truncate") << u"TRUNCATE users CASCADE"_s;
    QTest::newRow("record a migration")
        << u"INSERT INTO schema_migrations (version) VALUES ('999_intruder')"_s;
    QTest::newRow("erase a migration") << u"DELETE FROM schema_migrations"_s;
    QTest::newRow("create a role") << u"CREATE ROLE intruder LOGIN"_s;
    QTest::newRow("create a database") << u"CREATE DATABASE intruder"_s;
}

void TestLeastPrivilege::servingRoleCannotChangeTheSchema()
{
    QFETCH(QString, sql);
    const QString error = runAsServingRole(sql);
    QVERIFY2(error.contains(u"permission denied"_s) || error.contains(u"must be owner"_s),
             qPrintable(u"'%1' gave: %2"_s.arg(sql, error.isEmpty() ? u"success"_s : error)));
}

void TestLeastPrivilege::servingRoleIsNoSuperuserAndOwnsNothing()
{
    QCOMPARE(runAsServingRole(u"SELECT 1 FROM pg_roles WHERE rolname = current_user AND NOT "
                              u"rolsuper AND NOT rolcreaterole AND NOT rolcreatedb AND NOT "
                              u"rolbypassrls AND NOT rolreplication"_s),
             QString());
    QCOMPARE(m_owner
                 ->scalar(u"SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                          u"WHERE r.rolname = ?"_s,
                          {servingRole})
                 .toInt(),
             0);
    // It reads which migrations ran (serve checks them), and the server's own pool is it.
    QCOMPARE(runAsServingRole(u"SELECT version FROM schema_migrations"_s), QString());
    QCOMPARE(m_server->app().database().settings().user, servingRole);
}

void TestLeastPrivilege::wholeApiWorksAsTheServingRole()
{
    TestClient client(m_server->url());
    const auto registered = client.post(u"/api/auth/register"_s,
                                        {{"email"_L1, u"least@example.com"_s},
                                         {"password"_L1, u"Password123"_s},
                                         {"name"_L1, u"Least Privilege"_s}});
    QCOMPARE(registered.status, 201);
    const auto login
        = client.post(u"/api/auth/login"_s,
                      {{"email"_L1, u"least@example.com"_s}, {"password"_L1, u"Password123"_s}});
    QCOMPARE(login.status, 200);
    const QString token = login.object()["accessToken"_L1].toString();
    QCOMPARE(client.get(u"/api/auth/me"_s, token).status, 200);
    const auto refreshed = client.post(u"/api/auth/refresh"_s,
                                       {{"refreshToken"_L1, login.object()["refreshToken"_L1]}});
    QCOMPARE(refreshed.status, 200);

    const auto events = client.get(u"/api/events?search=summit"_s);
    QCOMPARE(events.status, 200);
    const QString summit = events.object()["data"_L1][0]["id"_L1].toString();
    QCOMPARE(client.get(u"/api/events/"_s + summit).status, 200);

    QList<QPair<QByteArray, QByteArray>> headers = TestClient::bearer(token);
    headers.append({"Content-Type"_ba, "application/json"_ba});
    headers.append({"Idempotency-Key"_ba, "least-privilege-1"_ba});
    const QByteArray body = QJsonDocument(QJsonObject{{"eventId"_L1, summit}}).toJson();
    const auto booked = client.send("POST"_ba, u"/api/bookings"_s, body, headers);
    QCOMPARE(booked.status, 201);
    const auto replayed = client.send("POST"_ba, u"/api/bookings"_s, body, headers);
    QCOMPARE(replayed.status, 201);
    QCOMPARE(replayed.header("Idempotent-Replayed"), "true"_ba);
    const QString booking = booked.object()["booking"_L1]["id"_L1].toString();
    QCOMPARE(client.get(u"/api/bookings"_s, token).array().size(), 1);
    QCOMPARE(client.del(u"/api/bookings/"_s + booking, token).status, 200);
    QCOMPARE(client.get(u"/api/health"_s).status, 200);
    QCOMPARE(client
                 .post(u"/api/auth/logout"_s,
                       {{"refreshToken"_L1, refreshed.object()["refreshToken"_L1]}})
                 .status,
             204);
}

void TestLeastPrivilege::changesReachListenersOfTheServingRole()
{
    // The trigger's NOTIFY runs in the serving role's transaction; it and LISTEN need no grant.
    const QString name = u"listener-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = serving().addConnection(name);
        QVERIFY(db.open());
        QVERIFY(db.driver()->subscribeToNotification(u"event_changes"_s));
        QSignalSpy notified(db.driver(), &QSqlDriver::notification);
        QCOMPARE(runAsServingRole(u"UPDATE events SET remaining_tickets = remaining_tickets - 1 "
                                  u"WHERE title = 'Food Festival'"_s),
                 QString());
        QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), 10000);
        QVERIFY(notified.first().at(2).toString().contains(u"remainingTickets"_s));
        db.driver()->unsubscribeFromNotification(u"event_changes"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void TestLeastPrivilege::tablesOfLaterMigrationsAreGrantedToo()
{
    // A table a newer release's migration adds, as its owner creates it.
    m_owner->scalar(u"CREATE TABLE later_feature (id int)"_s);
    QVERIFY(
        runAsServingRole(u"SELECT count(*) FROM later_feature"_s).contains(u"permission denied"_s));
    // Every migrating start grants again.
    m_server->stop();
    QVERIFY2(m_server->start(ServerApp::Seeding::Never), qPrintable(m_server->error()));
    QCOMPARE(runAsServingRole(u"SELECT count(*) FROM later_feature"_s), QString());
    QCOMPARE(runAsServingRole(u"INSERT INTO later_feature VALUES (1)"_s), QString());
    QVERIFY(runAsServingRole(u"DROP TABLE later_feature"_s).contains(u"must be owner"_s));
    m_owner->scalar(u"DROP TABLE later_feature"_s);
}

void TestLeastPrivilege::readinessReadsTheSchemaAsTheServingRole()
{
    TestClient client(m_server->url());
    const auto ready = client.get(u"/api/ready"_s);
    QCOMPARE(ready.status, 200);
    QCOMPARE(ready.object()["migrations"_L1].toString(), u"current"_s);
    // A database one migration behind this build, as during a rolling upgrade.
    const QString last
        = m_owner->scalar(u"SELECT max(version) FROM schema_migrations"_s).toString();
    QVERIFY(!last.isEmpty());
    m_owner->scalar(u"DELETE FROM schema_migrations WHERE version = ?"_s, {last});
    const auto behind = client.get(u"/api/ready"_s);
    m_owner->scalar(u"INSERT INTO schema_migrations (version) VALUES (?)"_s, {last});
    QCOMPARE(behind.status, 503);
    QCOMPARE(behind.errorCode(), u"SERVICE_UNAVAILABLE"_s);
    QCOMPARE(behind.object()["database"_L1].toString(), u"up"_s);
    QCOMPARE(behind.object()["migrations"_L1].toString(), u"pending"_s);
    QCOMPARE(behind.object()["pendingMigrations"_L1].toInt(), 1);
    QCOMPARE(client.get(u"/api/ready"_s).status, 200);
}

void TestLeastPrivilege::serveWithoutOwnerRefusesAnUnmigratedDatabase()
{
    m_owner->scalar(u"DROP DATABASE IF EXISTS unmigrated"_s);
    m_owner->scalar(u"CREATE DATABASE unmigrated"_s);
    ConnectionSettings fresh = m_cluster.settings();
    fresh.database = u"unmigrated"_s;
    const QString ownerUrl = u"postgresql://%1:%2@%3:%4/unmigrated"_s.arg(
        fresh.user, fresh.password, fresh.host, QString::number(fresh.port));
    const QString servingUrl = u"postgresql://%1:%2@%3:%4/unmigrated"_s.arg(
        servingRole, servingPassword, fresh.host, QString::number(fresh.port));
    QProcessEnvironment environment = ServerProcess().environment();
    environment.insert(u"DATABASE_URL"_s, servingUrl);
    environment.insert(u"ACCESS_TOKEN_SECRET"_s, TestServer::AccessSecret);
    environment.insert(u"REFRESH_TOKEN_SECRET"_s, TestServer::RefreshSecret);

    const auto refused = ServerProcess::run({u"serve"_s, u"--port"_s, u"0"_s}, environment);
    QCOMPARE(refused.exitCode, 1);
    const QString line = refused.err.trimmed();
    QVERIFY2(!line.contains(u'\n'), qPrintable(line));
    QVERIFY2(line.startsWith(u"booking-server: the database schema is not up to date"_s),
             qPrintable(line));
    QVERIFY2(line.contains(u"booking-server migrate"_s) && line.contains(u"DATABASE_OWNER_URL"_s),
             qPrintable(line));

    // The owner migrates (and grants); then the serving role alone may serve.
    QProcessEnvironment owner = environment;
    owner.insert(u"DATABASE_OWNER_URL"_s, ownerUrl);
    const auto migrated = ServerProcess::run({u"migrate"_s}, owner);
    QVERIFY2(migrated.exitCode == 0, qPrintable(migrated.err));
    ServerProcess server;
    server.environment() = environment;
    QVERIFY2(server.start(), qPrintable(server.output()));
    QVERIFY(!server.output().contains(u"applied migration"_s));
    TestClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(server.port())));
    QCOMPARE(client.get(u"/api/health"_s).status, 200);
    QCOMPARE(client
                 .post(u"/api/auth/register"_s,
                       {{"email"_L1, u"fresh@example.com"_s},
                        {"password"_L1, u"Password123"_s},
                        {"name"_L1, u"Fresh Start"_s}})
                 .status,
             201);
    QCOMPARE(server.terminate(), 0);
}

void TestLeastPrivilege::embeddedServerServesAsItsOwnRole()
{
    QTemporaryDir data(u"/tmp/booking-roles-XXXXXX"_s);
    ServerProcess server;
    server.environment().insert(u"PAYMENT_DELAY_MS"_s, u"0"_s);
    QVERIFY2(server.start({u"--data-dir"_s, data.path()}), qPrintable(server.output()));
    const QString passwordFile = data.filePath(u"app-role-password"_s);
    struct stat info
    { };
    QCOMPARE(::lstat(QFile::encodeName(passwordFile).constData(), &info), 0);
    QCOMPARE(int(info.st_mode & 0777), 0600);

    TestClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(server.port())));
    const QString token = client.signIn(u"jane.smith@example.com"_s);
    QVERIFY(!token.isEmpty());
    const QString concert
        = client.get(u"/api/events?search=limited"_s).object()["data"_L1][0]["id"_L1].toString();
    QCOMPARE(client.post(u"/api/bookings"_s, {{"eventId"_L1, concert}}, token).status, 201);

    // Every connection of the API (pool and listener) is the serving role's.
    QFile superuserPassword(data.filePath(u"postgres-password"_s));
    QVERIFY(superuserPassword.open(QIODevice::ReadOnly));
    // postmaster.pid's fourth line is the cluster's port.
    QFile pid(data.filePath(u"pgdata/postmaster.pid"_s));
    QVERIFY(pid.open(QIODevice::ReadOnly));
    const QString pgPort = QString::fromLatin1(pid.readAll()).split(u'\n').value(3).trimmed();
    ConnectionSettings superuser;
    superuser.host = u"127.0.0.1"_s;
    superuser.port = pgPort.toInt();
    superuser.user = u"booking"_s;
    superuser.password = QString::fromLatin1(superuserPassword.readAll().trimmed());
    superuser.database = u"booking"_s;
    {
        Fixtures admin(superuser);
        QCOMPARE(admin
                     .scalar(u"SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity "
                             u"WHERE application_name = 'booking-server' AND pid <> "
                             u"pg_backend_pid()"_s)
                     .toString(),
                 servingRole);
        QCOMPARE(admin.scalar(u"SELECT rolsuper FROM pg_roles WHERE rolname = ?"_s, {servingRole})
                     .toBool(),
                 false);
    }
    QCOMPARE(server.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestLeastPrivilege)
#include "tst_leastprivilege.moc"
