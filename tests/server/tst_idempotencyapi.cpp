#include "apitestcase.h"
#include "http/idempotencygate.h"
#include "manualclock.h"
#include "manualpaymentgateway.h"
#include "rawconnection.h"
#include "services/idempotencyservice.h"

#include <QJsonDocument>
#include <QNetworkReply>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

//! Idempotency-Key on POST /api/bookings: a retry gets the first answer, never a second
//! booking; keys are per user, kept in the database a day, and only final answers are kept.
class TestIdempotencyApi final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { stopServer(); }
    void init();
    void cleanup();

    void sameKeyAndBodyReplaysTheFirstAnswer();
    void refusalsAreReplayedToo();
    void sameKeyWhileTheFirstRunsIsInFlight();
    void sameKeyForAnotherEventIsRefused();
    void keysBelongToTheirUser();
    void malformedKeys_data();
    void malformedKeys();
    void serverErrorsFreeTheKey();
    void asyncAnswersAreReplayedWithTheirLocation();
    void keysExpireAfterADayAndArePruned();
    void aKeyTakenOverKeepsItsNewOwnersAnswer();
    void onlyFinalAnswersAreKept_data();
    void onlyFinalAnswersAreKept();

private:
    HttpResult book(const QString &token, const QString &eventId, const QByteArray &key,
                    const QList<QPair<QByteArray, QByteArray>> &extra = {});
    QNetworkReply *startBooking(const QString &token, const QString &eventId,
                                const QByteArray &key);
    int bookingCount();

    ManualClock m_clock;
    ManualPaymentGateway m_payments;
    QString m_john;
    QString m_jane;
    QString m_summit;
    QString m_concert;
};

void TestIdempotencyApi::initTestCase()
{
    startServer({}, ServerSeams{&m_clock, &m_payments});
}

void TestIdempotencyApi::init()
{
    resetData();
    m_payments.reset();
    m_payments.answerAtOnce(PaymentOutcome::Approved);
    m_john = client().signIn(u"john.doe@example.com"_s);
    m_jane = client().signIn(u"jane.smith@example.com"_s);
    QVERIFY(!m_john.isEmpty() && !m_jane.isEmpty());
    m_summit = fixtures().eventIdByTitle(u"Business Summit"_s);
    m_concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
}

void TestIdempotencyApi::cleanup()
{
    m_payments.answerAll(PaymentOutcome::Declined);
    fixtures().scalar(u"DROP TRIGGER IF EXISTS refuse_bookings ON bookings"_s);
    for (const QString &event : {m_summit, m_concert}) {
        QCOMPARE(fixtures().remainingTickets(event) + fixtures().activeBookings(event),
                 fixtures().totalTickets(event));
    }
}

QNetworkReply *TestIdempotencyApi::startBooking(const QString &token, const QString &eventId,
                                                const QByteArray &key)
{
    return client().start("POST"_ba, u"/api/bookings"_s,
                          QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson(),
                          TestClient::bearer(token)
                              + QList<QPair<QByteArray, QByteArray>>{{"Idempotency-Key"_ba, key}});
}

HttpResult TestIdempotencyApi::book(const QString &token, const QString &eventId,
                                    const QByteArray &key,
                                    const QList<QPair<QByteArray, QByteArray>> &extra)
{
    return client().send("POST"_ba, u"/api/bookings"_s,
                         QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson(),
                         TestClient::bearer(token) + extra
                             + QList<QPair<QByteArray, QByteArray>>{{"Idempotency-Key"_ba, key}});
}

int TestIdempotencyApi::bookingCount()
{
    return fixtures().scalar(u"SELECT count(*) FROM bookings"_s).toInt();
}

void TestIdempotencyApi::sameKeyAndBodyReplaysTheFirstAnswer()
{
    const HttpResult first = book(m_john, m_summit, "order-1");
    QCOMPARE(first.status, 201);
    QVERIFY(first.header("Idempotent-Replayed").isEmpty());
    const HttpResult again = book(m_john, m_summit, "order-1");
    QCOMPARE(again.status, 201);
    QCOMPARE(again.body, first.body);
    QCOMPARE(again.header("Idempotent-Replayed"), "true"_ba);
    QCOMPARE(again.header("Content-Type"), "application/json"_ba);
    QCOMPARE(bookingCount(), 1);
    QCOMPARE(fixtures().remainingTickets(m_summit), 49);
    QCOMPARE(m_payments.charges().size(), 1);
}

void TestIdempotencyApi::refusalsAreReplayedToo()
{
    QCOMPARE(book(m_john, m_concert, "a").status, 201);
    QCOMPARE(book(m_jane, m_concert, "b").status, 201);
    const QString mike = client().signIn(u"mike.wilson@example.com"_s);
    const HttpResult soldOut = book(mike, m_concert, "c");
    QCOMPARE(soldOut.errorCode(), u"SOLD_OUT"_s);
    // John cancels: a new request would now succeed, but the retry is the same request.
    const QString johns = fixtures()
                              .scalar(u"SELECT b.id FROM bookings b JOIN users u ON u.id = "
                                      u"b.user_id WHERE u.email = 'john.doe@example.com'"_s)
                              .toString();
    QCOMPARE(client().del(u"/api/bookings/"_s + johns, m_john).status, 200);
    const HttpResult retry = book(mike, m_concert, "c");
    QCOMPARE(retry.status, 409);
    QCOMPARE(retry.errorCode(), u"SOLD_OUT"_s);
    QCOMPARE(retry.header("Idempotent-Replayed"), "true"_ba);
    QCOMPARE(fixtures().remainingTickets(m_concert), 1);
}

void TestIdempotencyApi::sameKeyWhileTheFirstRunsIsInFlight()
{
    m_payments.answerAtOnce(std::nullopt);
    QNetworkReply *first = startBooking(m_john, m_summit, "pay-once");
    QTRY_COMPARE(m_payments.waiting(), 1);
    const HttpResult meanwhile = book(m_john, m_summit, "pay-once");
    QCOMPARE(meanwhile.status, 409);
    QCOMPARE(meanwhile.errorCode(), u"IDEMPOTENCY_IN_FLIGHT"_s);
    QCOMPARE(meanwhile.header("Retry-After"), "1"_ba);
    m_payments.answer(PaymentOutcome::Approved);
    const HttpResult done = TestClient::finish(first);
    QCOMPARE(done.status, 201);
    const HttpResult after = book(m_john, m_summit, "pay-once");
    QCOMPARE(after.status, 201);
    QCOMPARE(after.body, done.body);
    QCOMPARE(m_payments.charges().size(), 1);
    QCOMPARE(bookingCount(), 1);
}

void TestIdempotencyApi::sameKeyForAnotherEventIsRefused()
{
    QCOMPARE(book(m_john, m_summit, "k").status, 201);
    const HttpResult other = book(m_john, m_concert, "k");
    QCOMPARE(other.status, 422);
    QCOMPARE(other.errorCode(), u"IDEMPOTENCY_KEY_REUSED"_s);
    QCOMPARE(other.object()["error"_L1].toString(), u"Unprocessable Entity"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
    QCOMPARE(bookingCount(), 1);
}

void TestIdempotencyApi::keysBelongToTheirUser()
{
    QCOMPARE(book(m_john, m_summit, "shared").status, 201);
    const HttpResult janes = book(m_jane, m_summit, "shared");
    QCOMPARE(janes.status, 201);
    QVERIFY(janes.header("Idempotent-Replayed").isEmpty());
    QCOMPARE(fixtures().remainingTickets(m_summit), 48);
}

void TestIdempotencyApi::malformedKeys_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::newRow("empty") << "Idempotency-Key: \r\n"_ba;
    QTest::newRow("256 characters") << "Idempotency-Key: "_ba + QByteArray(256, 'k') + "\r\n"_ba;
    QTest::newRow("a space inside") << "Idempotency-Key: two words\r\n"_ba;
    QTest::newRow("not ASCII") << "Idempotency-Key: caf\xc3\xa9\r\n"_ba;
    QTest::newRow("twice") << "Idempotency-Key: a\r\nIdempotency-Key: b\r\n"_ba;
}

void TestIdempotencyApi::malformedKeys()
{
    QFETCH(QByteArray, headers);
    const QByteArray body = QJsonDocument(QJsonObject{{"eventId"_L1, m_summit}}).toJson();
    RawConnection connection(server().port());
    connection.send("POST /api/bookings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "_ba
                    + m_john.toLatin1() + "\r\nContent-Type: application/json\r\n"_ba + headers
                    + "Content-Length: "_ba + QByteArray::number(body.size()) + "\r\n\r\n"_ba
                    + body);
    const QByteArray response = connection.readResponse();
    QVERIFY2(response.startsWith("HTTP/1.1 400"), response.constData());
    QVERIFY(response.contains("\"code\":\"VALIDATION_FAILED\""));
    QVERIFY(response.contains("Idempotency-Key must be"));
    QCOMPARE(bookingCount(), 0);
    // 255 visible characters are fine.
    QCOMPARE(book(m_john, m_summit, QByteArray(255, '~')).status, 201);
}

void TestIdempotencyApi::serverErrorsFreeTheKey()
{
    // The database refuses every booking for a while, as a serialization failure would.
    fixtures().scalar(u"CREATE OR REPLACE FUNCTION refuse_bookings() RETURNS trigger "
                      u"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test: refused' "
                      u"USING ERRCODE = 'serialization_failure'; END $$"_s);
    fixtures().scalar(u"CREATE TRIGGER refuse_bookings BEFORE INSERT ON bookings "
                      u"FOR EACH ROW EXECUTE FUNCTION refuse_bookings()"_s);
    const HttpResult failed = book(m_john, m_summit, "retry-me");
    QCOMPARE(failed.status, 503);
    QCOMPARE(failed.header("Retry-After"), "1"_ba);
    QCOMPARE(fixtures().remainingTickets(m_summit), 50);
    QCOMPARE(fixtures().scalar(u"SELECT count(*) FROM idempotency_keys"_s).toInt(), 0);
    fixtures().scalar(u"DROP TRIGGER refuse_bookings ON bookings"_s);
    const HttpResult retried = book(m_john, m_summit, "retry-me");
    QCOMPARE(retried.status, 201);
    QVERIFY(retried.header("Idempotent-Replayed").isEmpty());
    QCOMPARE(fixtures().remainingTickets(m_summit), 49);
}

void TestIdempotencyApi::asyncAnswersAreReplayedWithTheirLocation()
{
    m_payments.answerAtOnce(std::nullopt);
    const QList<QPair<QByteArray, QByteArray>> async{{"Prefer"_ba, "respond-async"_ba}};
    const HttpResult first = book(m_john, m_summit, "async", async);
    QCOMPARE(first.status, 202);
    const HttpResult again = book(m_john, m_summit, "async", async);
    QCOMPARE(again.status, 202);
    QCOMPARE(again.body, first.body);
    QCOMPARE(again.header("Location"), first.header("Location"));
    QCOMPARE(again.header("Idempotent-Replayed"), "true"_ba);
    QCOMPARE(m_payments.waiting(), 1);
    m_payments.answer(PaymentOutcome::Approved);
}

void TestIdempotencyApi::keysExpireAfterADayAndArePruned()
{
    QCOMPARE(book(m_john, m_summit, "daily").status, 201);
    QCOMPARE(fixtures().scalar(u"SELECT count(*) FROM idempotency_keys"_s).toInt(), 1);
    m_clock.advance(24 * 3600 + 1);
    m_john = client().signIn(u"john.doe@example.com"_s);
    m_jane = client().signIn(u"jane.smith@example.com"_s);
    // A day later the key is free: another request may use it.
    const HttpResult later = book(m_john, m_concert, "daily");
    QCOMPARE(later.status, 201);
    QVERIFY(later.header("Idempotent-Replayed").isEmpty());
    QCOMPARE(book(m_jane, m_summit, "janes").status, 201);
    m_clock.advance(24 * 3600 + 1);
    std::optional<Result<int>> pruned;
    server().app().idempotency().pruneExpired([&](Result<int> count) { pruned = count; });
    QTRY_VERIFY(pruned.has_value());
    QCOMPARE(pruned->value(), 2);
    QCOMPARE(fixtures().scalar(u"SELECT count(*) FROM idempotency_keys"_s).toInt(), 0);
}

void TestIdempotencyApi::aKeyTakenOverKeepsItsNewOwnersAnswer()
{
    m_payments.answerAtOnce(std::nullopt);
    QNetworkReply *first = startBooking(m_john, m_summit, "lease");
    QTRY_COMPARE(m_payments.waiting(), 1);
    // The first request outlives its lease (the hold and a minute), as if its server had died:
    // a retry takes the key over, and finds the first one's hold still there.
    m_clock.advance(11 * 60 + 1);
    m_john = client().signIn(u"john.doe@example.com"_s);
    const HttpResult retry = book(m_john, m_summit, "lease");
    QCOMPARE(retry.errorCode(), u"ALREADY_BOOKED"_s);
    // The first request ends late; its answer must not replace the key's new owner's.
    m_payments.answer(PaymentOutcome::Approved);
    QCOMPARE(TestClient::finish(first).errorCode(), u"HOLD_EXPIRED"_s);
    const HttpResult replay = book(m_john, m_summit, "lease");
    QCOMPARE(replay.header("Idempotent-Replayed"), "true"_ba);
    QCOMPARE(replay.body, retry.body);
}

void TestIdempotencyApi::onlyFinalAnswersAreKept_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("kept");
    QTest::newRow("201 booked") << 201 << true;
    QTest::newRow("202 held") << 202 << true;
    QTest::newRow("402 declined") << 402 << true;
    QTest::newRow("409 sold out") << 409 << true;
    QTest::newRow("429 rate limited: retry later") << 429 << false;
    QTest::newRow("500 internal: retry") << 500 << false;
    QTest::newRow("503 unavailable: retry") << 503 << false;
}

void TestIdempotencyApi::onlyFinalAnswersAreKept()
{
    QFETCH(int, status);
    QFETCH(bool, kept);
    QCOMPARE(IdempotencyGate::isFinal(status), kept);
}

QTEST_GUILESS_MAIN(TestIdempotencyApi)
#include "tst_idempotencyapi.moc"
