#include "fixtures.h"
#include "serverprocess.h"
#include "testclient.h"
#include "testcluster.h"
#include "testserver.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

//! What an operator reads: every request has an id (the client's X-Request-Id when well-formed,
//! else a new one), echoed in the response and carried by every line the request causes; one
//! access-log line per request; with LOG_FORMAT=json every line the server writes is one JSON
//! object, the banner included. The real executable, its real output.
class TestRequestLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void requestIdIsKeptOrMade_data();
    void requestIdIsKeptOrMade();
    void madeIdsDiffer();
    void everyLineIsOneJsonObject();
    void accessLineDescribesTheRequest();
    void textFormatIsReadable();
    // Last: stops the database.
    void databaseErrorsNameTheirRequest();

private:
    QProcessEnvironment environment(const QString &format) const;
    //! The JSON lines of the server's output so far, waiting up to 5 s for one that `matches`.
    QList<QJsonObject> jsonLines(const std::function<bool(const QJsonObject &)> &matches = {});
    HttpResult get(const QString &path, const QByteArray &requestId, const QString &token = {});

    TestCluster m_cluster;
    ServerProcess m_server;
    std::unique_ptr<TestClient> m_client;
};

void TestRequestLog::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    QCOMPARE(ServerProcess::run({u"seed"_s, u"--reset"_s}, environment(u"json"_s)).exitCode, 0);
    m_server.environment() = environment(u"json"_s);
    QVERIFY2(m_server.start(), qPrintable(m_server.output()));
    m_client = std::make_unique<TestClient>(QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.port())));
}

void TestRequestLog::cleanupTestCase()
{
    m_server.terminate();
    m_cluster.stop();
}

QProcessEnvironment TestRequestLog::environment(const QString &format) const
{
    QProcessEnvironment environment = ServerProcess().environment();
    environment.insert(u"DATABASE_URL"_s, m_cluster.url());
    environment.insert(u"ACCESS_TOKEN_SECRET"_s, TestServer::AccessSecret);
    environment.insert(u"REFRESH_TOKEN_SECRET"_s, TestServer::RefreshSecret);
    environment.insert(u"AUTH_RATE_LIMIT"_s, u"0"_s);
    environment.insert(u"LOG_FORMAT"_s, format);
    // ctest mutes our info lines; the access log is one.
    environment.insert(u"QT_LOGGING_RULES"_s, u"booking.*.info=true"_s);
    return environment;
}

QList<QJsonObject>
TestRequestLog::jsonLines(const std::function<bool(const QJsonObject &)> &matches)
{
    QList<QJsonObject> lines;
    QDeadlineTimer deadline(5000);
    do {
        lines.clear();
        bool found = !matches;
        for (const QString &line : m_server.readOutput().split(u'\n', Qt::SkipEmptyParts)) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !document.isObject()) {
                qWarning().noquote() << "not a JSON object:" << line;
                return {};
            }
            lines.append(document.object());
            found = found || matches(lines.constLast());
        }
        if (found)
            return lines;
        QTest::qWait(50);
    } while (!deadline.hasExpired());
    return {};
}

HttpResult TestRequestLog::get(const QString &path, const QByteArray &requestId,
                               const QString &token)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!token.isEmpty())
        headers = TestClient::bearer(token);
    if (!requestId.isNull())
        headers.append({"X-Request-Id"_ba, requestId});
    return m_client->send("GET"_ba, path, {}, headers);
}

void TestRequestLog::requestIdIsKeptOrMade_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<bool>("kept");
    QTest::newRow("well-formed") << "order-42_retry.3"_ba << true;
    QTest::newRow("a UUID") << "0b6f6c1e-8d3a-4e7c-9a51-2f0d8c4b7e19"_ba << true;
    QTest::newRow("128 characters") << QByteArray(128, 'a') << true;
    QTest::newRow("129 characters") << QByteArray(129, 'a') << false;
    QTest::newRow("a space") << "two words"_ba << false;
    QTest::newRow("a slash") << "a/b"_ba << false;
    QTest::newRow("a quote") << "a\"b"_ba << false;
    QTest::newRow("non-ASCII") << "caf\xc3\xa9"_ba << false;
    QTest::newRow("absent") << QByteArray() << false;
}

void TestRequestLog::requestIdIsKeptOrMade()
{
    QFETCH(QByteArray, sent);
    QFETCH(bool, kept);
    const HttpResult result = get(u"/api/events"_s, sent);
    QCOMPARE(result.status, 200);
    const QByteArray echoed = result.header("X-Request-Id");
    if (kept) {
        QCOMPARE(echoed, sent);
    } else {
        static const QRegularExpression made(u"^[0-9a-f]{32}$"_s);
        QVERIFY2(made.match(QString::fromLatin1(echoed)).hasMatch(), echoed.constData());
    }
    // The access line carries the id the response names.
    QVERIFY(!jsonLines([&](const QJsonObject &line) {
                 return line["request_id"_L1].toString().toLatin1() == echoed
                     && line["category"_L1] == u"booking.server.access"_s;
             }).isEmpty());
}

void TestRequestLog::madeIdsDiffer()
{
    QSet<QByteArray> ids;
    for (int i = 0; i < 20; ++i)
        ids.insert(get(u"/"_s, {}).header("X-Request-Id"));
    QCOMPARE(ids.size(), 20);
    // An error answer, and one refused by the connection guard, carry one too.
    QVERIFY(!get(u"/api/events/not-a-uuid"_s, "bad-id-row"_ba).header("X-Request-Id").isEmpty());
    QCOMPARE(get(u"/no/such/path"_s, "missing-1"_ba).header("X-Request-Id"), "missing-1"_ba);
}

void TestRequestLog::everyLineIsOneJsonObject()
{
    const QList<QJsonObject> lines = jsonLines();
    QVERIFY2(!lines.isEmpty(), qPrintable(m_server.readOutput().right(2000)));
    const QStringList levels{u"debug"_s, u"info"_s, u"warning"_s, u"error"_s, u"fatal"_s};
    bool banner = false;
    for (const QJsonObject &line : lines) {
        const QString text = QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact));
        QVERIFY2(QDateTime::fromString(line["ts"_L1].toString(), Qt::ISODateWithMs).isValid(),
                 qPrintable(text));
        QVERIFY2(line["ts"_L1].toString().endsWith(u'Z'), qPrintable(text));
        QVERIFY2(levels.contains(line["level"_L1].toString()), qPrintable(text));
        QVERIFY2(!line["category"_L1].toString().isEmpty(), qPrintable(text));
        QVERIFY2(line["msg"_L1].isString(), qPrintable(text));
        banner = banner || line["msg"_L1].toString().contains(u"listening on"_s);
    }
    QVERIFY(banner);
}

void TestRequestLog::accessLineDescribesTheRequest()
{
    const QString token = m_client->signIn(u"john.doe@example.com"_s);
    const QString userId = m_client->get(u"/api/auth/me"_s, token).object()["id"_L1].toString();
    QVERIFY(!userId.isEmpty());
    const HttpResult result = get(u"/api/bookings"_s, "access-line-1"_ba, token);
    QCOMPARE(result.status, 200);
    const QList<QJsonObject> lines = jsonLines(
        [](const QJsonObject &line) { return line["request_id"_L1] == u"access-line-1"_s; });
    QJsonObject access;
    for (const QJsonObject &line : lines) {
        if (line["request_id"_L1] == u"access-line-1"_s
            && line["category"_L1] == u"booking.server.access"_s) {
            QVERIFY2(access.isEmpty(), "one access line per request");
            access = line;
        }
    }
    QVERIFY(!access.isEmpty());
    QCOMPARE(access["level"_L1].toString(), u"info"_s);
    QCOMPARE(access["method"_L1].toString(), u"GET"_s);
    QCOMPARE(access["route"_L1].toString(), u"/api/bookings"_s);
    QCOMPARE(access["status"_L1].toInt(), 200);
    QVERIFY(access["duration_ms"_L1].isDouble() && access["duration_ms"_L1].toDouble() >= 0);
    QVERIFY(access["bytes"_L1].toInteger() > result.body.size());
    QCOMPARE(access["client"_L1].toString(), u"127.0.0.1"_s);
    QCOMPARE(access["user_id"_L1].toString(), userId);
}

void TestRequestLog::textFormatIsReadable()
{
    ServerProcess text;
    text.environment() = environment(u"text"_s);
    text.environment().remove(u"LOG_FORMAT"_s); // the default
    QVERIFY2(text.start(), qPrintable(text.output()));
    TestClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(text.port())));
    QCOMPARE(client.send("GET"_ba, u"/api/events"_s, {}, {{"X-Request-Id"_ba, "text-1"_ba}}).status,
             200);
    static const QRegularExpression access(
        u"^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} info \\[booking\\.server\\.access\\] "
        u"GET /api/events 200 [0-9.]+ ms \\d+ B 127\\.0\\.0\\.1 request_id=text-1$"_s,
        QRegularExpression::MultilineOption);
    QTRY_VERIFY_WITH_TIMEOUT(access.match(text.readOutput()).hasMatch(), 5000);
    QVERIFY(text.output().contains(u"\nbooking-server "_s)
            || text.output().startsWith(u"booking-server "_s));
    QVERIFY(!text.output().contains(u"{\"ts\""_s));
    QCOMPARE(text.terminate(), 0);
}

void TestRequestLog::databaseErrorsNameTheirRequest()
{
    m_cluster.stop();
    // A query of its own: a kept answer of the listing would not go to the database.
    const HttpResult result = get(u"/api/events?search=db-down"_s, "db-down-7"_ba);
    QCOMPARE(result.status, 503);
    QCOMPARE(result.header("X-Request-Id"), "db-down-7"_ba);
    // The database layer's own complaint names the request that met it.
    const QList<QJsonObject> lines = jsonLines([](const QJsonObject &line) {
        return line["request_id"_L1] == u"db-down-7"_s
            && line["category"_L1].toString().startsWith(u"booking.server.storage"_s)
            && line["level"_L1] == u"warning"_s;
    });
    QVERIFY2(!lines.isEmpty(), qPrintable(m_server.readOutput().right(3000)));
    QVERIFY(m_cluster.start());
}

QTEST_GUILESS_MAIN(TestRequestLog)
#include "tst_requestlog.moc"
