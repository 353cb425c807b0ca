#include "app/config.h"
#include "app/dotenv.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Variables = QHash<QString, QString>;

class TestConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsFollowTheSeed();
    void environmentIsRead();
    void dotEnvFillsInAndEnvironmentWins();
    void badValuesNameTheVariable_data();
    void badValuesNameTheVariable();
    void databaseUrlIsParsed();
    void databaseUrlWithSslMode();
    void badDatabaseUrlNeverEchoesThePassword();
    void dotEnvSyntax();
    void emptySecretsAreUnset();
};

void TestConfig::defaultsFollowTheSeed()
{
    const auto config = Config::fromEnvironment({}, {});
    QVERIFY(config.ok());
    QCOMPARE(config->port, 3001);
    QCOMPARE(config->host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(config->frontendOrigin, "http://localhost:3000"_ba);
    QVERIFY(!config->database.has_value());
    QCOMPARE(config->accessTokenLifetime, std::chrono::minutes(15));
    QCOMPARE(config->refreshTokenLifetime, std::chrono::hours(24 * 7));
    QCOMPARE(config->paymentDelay, std::chrono::milliseconds(1000));
    QCOMPARE(config->paymentDeclineRate, 0.0);
    QCOMPARE(config->holdTtl, std::chrono::minutes(10));
    QCOMPARE(config->bcryptCost, 10);
    QCOMPARE(config->shutdownGrace, std::chrono::seconds(10));
    QVERIFY(config->dataDirectory.endsWith(u"/booking-server"));
}

void TestConfig::environmentIsRead()
{
    const auto config = Config::fromEnvironment(
        {{u"APP_PORT"_s, u"8080"_s},
         {u"APP_HOST"_s, u"127.0.0.1"_s},
         {u"FRONTEND_URL"_s, u"https://shop.example.com/"_s},
         {u"ACCESS_TOKEN_SECRET"_s, QString(40, u'a')},
         {u"REFRESH_TOKEN_SECRET"_s, QString(40, u'b')},
         {u"ACCESS_TOKEN_TIME"_s, u"30m"_s},
         {u"REFRESH_TOKEN_TIME"_s, u"2d"_s},
         {u"PAYMENT_DELAY_MS"_s, u"0"_s},
         {u"PAYMENT_DECLINE_RATE"_s, u"0.25"_s},
         {u"HOLD_TTL"_s, u"90s"_s},
         {u"BCRYPT_COST"_s, u"12"_s},
         {u"DB_POOL_SIZE"_s, u"4"_s},
         {u"TRUSTED_PROXIES"_s, u"172.30.57.0/24, 10.0.0.5"_s},
         {u"ALLOWED_ORIGINS"_s, u"https://partner.example, http://localhost:5173/"_s},
         {u"MAX_CONNECTIONS_PER_ADDRESS"_s, u"64"_s},
         {u"LIVE_MAX_CLIENTS"_s, u"100"_s},
         {u"LIVE_MAX_CLIENTS_PER_ADDRESS"_s, u"4"_s},
         {u"LOGIN_FAILURE_LIMIT"_s, u"0"_s},
         {u"BOOKING_RATE_LIMIT"_s, u"30"_s},
         {u"SHUTDOWN_GRACE"_s, u"1500ms"_s}},
        {});
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->port, 8080);
    QCOMPARE(config->host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(config->frontendOrigin, "https://shop.example.com"_ba);
    QCOMPARE(config->accessTokenSecret, QByteArray(40, 'a'));
    QCOMPARE(config->accessTokenLifetime, std::chrono::minutes(30));
    QCOMPARE(config->refreshTokenLifetime, std::chrono::hours(48));
    QCOMPARE(config->paymentDelay, std::chrono::milliseconds(0));
    QCOMPARE(config->paymentDeclineRate, 0.25);
    QCOMPARE(config->holdTtl, std::chrono::seconds(90));
    QCOMPARE(config->bcryptCost, 12);
    QCOMPARE(config->databasePoolSize, 4);
    QCOMPARE(config->trustedProxies.size(), 2);
    QCOMPARE(config->trustedProxies.first(), QHostAddress::parseSubnet(u"172.30.57.0/24"_s));
    QCOMPARE(config->allowedOrigins,
             (QList<QByteArray>{"https://partner.example"_ba, "http://localhost:5173"_ba}));
    QCOMPARE(config->maxConnectionsPerAddress, 64);
    QCOMPARE(config->maxLiveClients, 100);
    QCOMPARE(config->maxLiveClientsPerAddress, 4);
    QCOMPARE(config->loginFailuresPerWindow, 0);
    QCOMPARE(config->bookingRequestsPerMinute, 30);
    QCOMPARE(config->shutdownGrace, std::chrono::milliseconds(1500));
}

void TestConfig::dotEnvFillsInAndEnvironmentWins()
{
    const auto config = Config::fromEnvironment(
        {{u"APP_PORT"_s, u"4000"_s}}, {{u"APP_PORT"_s, u"5000"_s}, {u"BCRYPT_COST"_s, u"11"_s}});
    QVERIFY(config.ok());
    QCOMPARE(config->port, 4000);
    QCOMPARE(config->bcryptCost, 11);
}

void TestConfig::badValuesNameTheVariable_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");

    QTest::newRow("port is not a number") << u"APP_PORT"_s << u"abc"_s;
    QTest::newRow("port is out of range") << u"APP_PORT"_s << u"70000"_s;
    QTest::newRow("port zero") << u"APP_PORT"_s << u"0"_s;
    QTest::newRow("host is not an address") << u"APP_HOST"_s << u"not a host"_s;
    QTest::newRow("frontend url is not a url") << u"FRONTEND_URL"_s << u"localhost:3000"_s;
    QTest::newRow("bcrypt cost below ten") << u"BCRYPT_COST"_s << u"9"_s;
    QTest::newRow("bcrypt cost above fourteen") << u"BCRYPT_COST"_s << u"15"_s;
    QTest::newRow("allowed origin with a path")
        << u"ALLOWED_ORIGINS"_s << u"https://a.example/app"_s;
    QTest::newRow("allowed origin not a url") << u"ALLOWED_ORIGINS"_s << u"a.example"_s;
    QTest::newRow("negative login failure limit") << u"LOGIN_FAILURE_LIMIT"_s << u"-1"_s;
    QTest::newRow("per-address cap of zero") << u"MAX_CONNECTIONS_PER_ADDRESS"_s << u"0"_s;
    QTest::newRow("negative payment delay") << u"PAYMENT_DELAY_MS"_s << u"-1"_s;
    QTest::newRow("decline rate above one") << u"PAYMENT_DECLINE_RATE"_s << u"1.5"_s;
    QTest::newRow("decline rate not a number") << u"PAYMENT_DECLINE_RATE"_s << u"half"_s;
    QTest::newRow("hold of zero") << u"HOLD_TTL"_s << u"0s"_s;
    QTest::newRow("hold shorter than the payment") << u"HOLD_TTL"_s << u"500ms"_s;
    QTest::newRow("shutdown grace of zero") << u"SHUTDOWN_GRACE"_s << u"0s"_s;
    QTest::newRow("shutdown grace without a number") << u"SHUTDOWN_GRACE"_s << u"soon"_s;
    QTest::newRow("pool of zero") << u"DB_POOL_SIZE"_s << u"0"_s;
    QTest::newRow("token time without unit meaning") << u"ACCESS_TOKEN_TIME"_s << u"15x"_s;
    QTest::newRow("token time zero") << u"REFRESH_TOKEN_TIME"_s << u"0d"_s;
    QTest::newRow("short secret") << u"ACCESS_TOKEN_SECRET"_s << u"short"_s;
    QTest::newRow("trusted proxy by name") << u"TRUSTED_PROXIES"_s << u"nginx"_s;
    QTest::newRow("database url of another kind") << u"DATABASE_URL"_s << u"mysql://a@b/c"_s;
}

void TestConfig::badValuesNameTheVariable()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    const auto config = Config::fromEnvironment({{name, value}}, {});
    QVERIFY(!config.ok());
    QVERIFY2(config.error().message.startsWith(name + u' '), qPrintable(config.error().message));
    QVERIFY(!config.error().message.contains(u'\n'));
}

void TestConfig::databaseUrlIsParsed()
{
    const auto config = Config::fromEnvironment(
        {{u"DATABASE_URL"_s, u"postgresql://postgres:p%40ss@db.example.com:5433/booking_db"_s}},
        {});
    QVERIFY(config.ok());
    QVERIFY(config->database.has_value());
    QCOMPARE(config->database->host, u"db.example.com"_s);
    QCOMPARE(config->database->port, 5433);
    QCOMPARE(config->database->user, u"postgres"_s);
    QCOMPARE(config->database->password, u"p@ss"_s);
    QCOMPARE(config->database->database, u"booking_db"_s);
    QCOMPARE(config->database->describe(), u"postgres@db.example.com:5433/booking_db"_s);
}

void TestConfig::databaseUrlWithSslMode()
{
    const auto settings = ConnectionSettings::fromUrl(u"postgres://u:p@h/d?sslmode=require"_s);
    QVERIFY(settings.ok());
    QCOMPARE(settings->port, 5432);
    QCOMPARE(settings->options, QStringList{u"sslmode=require"_s});
    QVERIFY(!ConnectionSettings::fromUrl(u"postgres://u:p@h/d?sslmode=a;host=evil"_s).ok());
    QVERIFY(!ConnectionSettings::fromUrl(u"postgres://u:p@h/d?options=-c"_s).ok());
    QVERIFY(!ConnectionSettings::fromUrl(u"postgres://u:p@h/"_s).ok());
}

void TestConfig::badDatabaseUrlNeverEchoesThePassword()
{
    const auto config = Config::fromEnvironment(
        {{u"DATABASE_URL"_s, u"postgresql://user:topsecret@/nohost"_s}}, {});
    QVERIFY(!config.ok());
    QVERIFY(!config.error().message.contains(u"topsecret"));
}

void TestConfig::dotEnvSyntax()
{
    const auto variables = DotEnv::parse("# comment\n"
                                         "APP_PORT=3002\n"
                                         "export APP_HOST = 127.0.0.1\n"
                                         "FRONTEND_URL=\"http://a.example\"\n"
                                         "ACCESS_TOKEN_TIME='20m'\n"
                                         "REFRESH_TOKEN_TIME=3d # inline comment\n"
                                         "garbage line\n"
                                         "\n");
    QCOMPARE(variables.value(u"APP_PORT"_s), u"3002"_s);
    QCOMPARE(variables.value(u"APP_HOST"_s), u"127.0.0.1"_s);
    QCOMPARE(variables.value(u"FRONTEND_URL"_s), u"http://a.example"_s);
    QCOMPARE(variables.value(u"ACCESS_TOKEN_TIME"_s), u"20m"_s);
    QCOMPARE(variables.value(u"REFRESH_TOKEN_TIME"_s), u"3d"_s);
    QCOMPARE(variables.size(), 5);
}

void TestConfig::emptySecretsAreUnset()
{
    // An .env copied from .env.sample before its secrets were filled in: the embedded
    // database makes its own, an external one asks for them.
    const auto config = Config::fromEnvironment(
        {}, {{u"ACCESS_TOKEN_SECRET"_s, QString()}, {u"REFRESH_TOKEN_SECRET"_s, QString()}});
    QVERIFY(config.ok());
    QVERIFY(config->accessTokenSecret.isEmpty());
    QVERIFY(config->refreshTokenSecret.isEmpty());
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
