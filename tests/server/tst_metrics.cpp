#include "apitestcase.h"
#include "manualpaymentgateway.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;

namespace {

//! The samples of a scrape: "name{labels}" -> value.
QHash<QString, double> samples(const QByteArray &text)
{
    QHash<QString, double> values;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        values.insert(QString::fromUtf8(line.first(space)), line.sliced(space + 1).toDouble());
    }
    return values;
}

//! The TYPE of each family.
QHash<QString, QString> types(const QByteArray &text)
{
    QHash<QString, QString> found;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith("# TYPE ")) {
            const QList<QByteArray> parts = line.split(' ');
            found.insert(QString::fromLatin1(parts.value(2)), QString::fromLatin1(parts.value(3)));
        }
    }
    return found;
}

} // namespace

class TestMetrics final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        startServer(
            [](Config &config) {
                // Loopback is a trusted proxy here, so a forwarded client can be tried too.
                config.trustedProxies = {{QHostAddress(u"127.0.0.1"_s), 32}};
                config.metricsAllowed = {{QHostAddress(u"127.0.0.0"_s), 8}};
                config.bookingRequestsPerMinute = 0;
            },
            ServerSeams{nullptr, &m_payments});
    }
    void cleanupTestCase() { stopServer(); }
    void init() { resetData(); }

    void everyFamilyHasItsType();
    void requestsAreCountedByRoutePattern();
    void bookingOutcomesAreCounted();
    void promtoolAcceptsTheOutput();
    void onlyAllowedClientsMayRead();

private:
    QByteArray scrape()
    {
        const HttpResult result = client().get(u"/metrics"_s);
        if (result.status != 200)
            qWarning() << "scrape answered" << result.status << result.body;
        return result.body;
    }

    ManualPaymentGateway m_payments;
};

void TestMetrics::everyFamilyHasItsType()
{
    client().get(u"/"_s);
    const HttpResult result = client().get(u"/metrics"_s);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    const QHash<QString, QString> found = types(result.body);
    const QList<QPair<QString, QString>> expected{
        {u"http_requests_total"_s, u"counter"_s},
        {u"http_request_duration_seconds"_s, u"histogram"_s},
        {u"bookings_total"_s, u"counter"_s},
        {u"booking_holds_active"_s, u"gauge"_s},
        {u"db_pool_connections"_s, u"gauge"_s},
        {u"live_clients"_s, u"gauge"_s},
        {u"live_messages_total"_s, u"counter"_s},
        {u"live_frames_sent_total"_s, u"counter"_s},
        {u"process_resident_memory_bytes"_s, u"gauge"_s},
        {u"process_open_fds"_s, u"gauge"_s},
        {u"process_start_time_seconds"_s, u"gauge"_s},
        {u"db_circuit_breaker_open"_s, u"gauge"_s},
        {u"live_replay_failures_total"_s, u"counter"_s},
    };
    for (const auto &[name, type] : expected)
        QVERIFY2(found.value(name) == type, qPrintable(name + u" is not a "_s + type));
    const QHash<QString, double> values = samples(result.body);
    QVERIFY(values.value(u"process_resident_memory_bytes"_s) > 1e6);
    QVERIFY(values.value(u"process_open_fds"_s) > 3);
    const double started = values.value(u"process_start_time_seconds"_s);
    const double now = double(QDateTime::currentSecsSinceEpoch());
    QVERIFY2(started > now - 3600 && started <= now + 1, qPrintable(QString::number(started)));
    QVERIFY(values.contains(u"db_pool_connections{state=\"in_use\"}"_s));
    QVERIFY(values.contains(u"db_pool_connections{state=\"idle\"}"_s));
    QCOMPARE(values.value(u"db_circuit_breaker_open"_s, -1), 0.0);
}

void TestMetrics::requestsAreCountedByRoutePattern()
{
    const QString missing = u"/api/bookings/4f0c6f0e-0000-4000-8000-000000000000"_s;
    const QString token = client().signIn(u"john.doe@example.com"_s);
    const QHash<QString, double> before = samples(scrape());
    const QString key
        = u"http_requests_total{method=\"GET\",route=\"/api/bookings/:id\",status=\"404\"}"_s;
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client().get(missing, token).status, 404);
    client().get(u"/no/such/path/12345"_s);
    const QByteArray text = scrape();
    const QHash<QString, double> after = samples(text);
    QCOMPARE(after.value(key) - before.value(key), 3.0);
    // Never a raw path with an id, whatever was asked for.
    QVERIFY(!text.contains("4f0c6f0e"));
    QVERIFY(!text.contains("12345"));
    QVERIFY(after.value(u"http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"_s)
            >= 1);
    // An unknown method is one label value, not one per spelling.
    client().send("BREW"_ba, u"/api/events"_s);
    QVERIFY(!scrape().contains("BREW"));
    const QString count = u"http_request_duration_seconds_count{route=\"/api/bookings/:id\"}"_s;
    QCOMPARE(after.value(count) - before.value(count), 3.0);
    QCOMPARE(after.value(u"http_request_duration_seconds_bucket{route=\"/api/bookings/:id\","
                         u"le=\"+Inf\"}"_s),
             after.value(count));
}

void TestMetrics::bookingOutcomesAreCounted()
{
    const QString eventId = fixtures().createEvent(u"Metrics Gig"_s, 1);
    const QString john = client().signIn(u"john.doe@example.com"_s);
    const QString jane = client().signIn(u"jane.smith@example.com"_s);
    const QHash<QString, double> before = samples(scrape());
    auto outcome = [](const QHash<QString, double> &values, const char *name) {
        return values.value(u"bookings_total{outcome=\""_s + QLatin1StringView(name) + u"\"}"_s);
    };

    QNetworkReply *first = client().start(
        "POST"_ba, u"/api/bookings"_s, QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson(),
        TestClient::bearer(john));
    QTRY_COMPARE(m_payments.waiting(), 1);
    QCOMPARE(samples(scrape()).value(u"booking_holds_active"_s), 1.0);
    QCOMPARE(client().post(u"/api/bookings"_s, {{"eventId"_L1, eventId}}, jane).errorCode(),
             u"SOLD_OUT"_s);
    QVERIFY(m_payments.answer(PaymentOutcome::Approved));
    const HttpResult booked = TestClient::finish(first);
    QCOMPARE(booked.status, 201);
    QCOMPARE(client().post(u"/api/bookings"_s, {{"eventId"_L1, eventId}}, john).errorCode(),
             u"ALREADY_BOOKED"_s);
    const QString bookingId = booked.object()["booking"_L1]["id"_L1].toString();
    QCOMPARE(client().del(u"/api/bookings/"_s + bookingId, john).status, 200);

    const QHash<QString, double> after = samples(scrape());
    QCOMPARE(outcome(after, "confirmed") - outcome(before, "confirmed"), 1.0);
    QCOMPARE(outcome(after, "sold_out") - outcome(before, "sold_out"), 1.0);
    QCOMPARE(outcome(after, "already_booked") - outcome(before, "already_booked"), 1.0);
    QCOMPARE(outcome(after, "cancelled") - outcome(before, "cancelled"), 1.0);
    QCOMPARE(outcome(after, "payment_failed") - outcome(before, "payment_failed"), 0.0);
    QCOMPARE(after.value(u"booking_holds_active"_s), 0.0);
}

void TestMetrics::promtoolAcceptsTheOutput()
{
    // Every family present, with samples: a booking and a few routes first.
    client().get(u"/api/events"_s);
    client().get(u"/api/health"_s);
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    QVERIFY2(!promtool.isEmpty(),
             "promtool is missing: install Debian's prometheus package "
             "(scripts/bootstrap does)");
    QProcess check;
    check.start(promtool, {u"check"_s, u"metrics"_s});
    QVERIFY(check.waitForStarted());
    check.write(scrape());
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(30000));
    const QByteArray complaints = check.readAllStandardOutput() + check.readAllStandardError();
    QVERIFY2(check.exitCode() == 0 && complaints.trimmed().isEmpty(), complaints.constData());
}

void TestMetrics::onlyAllowedClientsMayRead()
{
    QCOMPARE(client().get(u"/metrics"_s).status, 200);
    // Through the trusted proxy for a public client: as if the path did not exist.
    const HttpResult forwarded
        = client().send("GET"_ba, u"/metrics"_s, {}, {{"X-Forwarded-For"_ba, "203.0.113.9"_ba}});
    QCOMPARE(forwarded.status, 404);
    QCOMPARE(forwarded.errorCode(), u"NOT_FOUND"_s);
    QVERIFY(!forwarded.body.contains("http_requests_total"));
    // A private client behind it may.
    QCOMPARE(
        client().send("GET"_ba, u"/metrics"_s, {}, {{"X-Forwarded-For"_ba, "127.0.0.9"_ba}}).status,
        200);
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
