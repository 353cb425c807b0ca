#include "apitestcase.h"
#include "manualclock.h"
#include "manualpaymentgateway.h"
#include "services/bookingengine.h"
#include "storage/database.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

//! Holds: a booking takes its ticket as PENDING, pays outside any transaction, and is then
//! confirmed, failed, expired or cancelled. The payment provider and the clock are the test's,
//! so every path is driven step by step, without sleeps.
class TestBookingHolds final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { stopServer(); }
    void init();
    void cleanup();

    void ticketIsHeldWhileThePaymentRuns();
    void answerComesAfterThePaymentAsInTheSeed();
    void declinedPaymentReleasesTheTicket();
    void holdThatExpiredBeforeThePaymentIsNotConfirmed();
    void sweeperReleasesExpiredHoldsOnce();
    void cancellingAPendingHoldWinsOverItsPayment();
    void respondAsyncAnswersAtOnce();
    void showOneBooking_data();
    void showOneBooking();
    void paymentRunsOnceWhenTheConfirmationIsRetried();
    void bookAgainAfterAFailedPayment();
    void unknownEventsLeaveNothingQueued();
    void databaseChecksStatusesAndPendingHolds();
    void accessTokensExpireByTheInjectedClock();

private:
    QNetworkReply *startBooking(const QString &token, const QString &eventId,
                                const QList<QPair<QByteArray, QByteArray>> &extra = {});
    //! The booking id of the payment the gateway waits for, once it does.
    QString waitForPayment();
    void checkInvariant(const QString &eventId);

    ManualClock m_clock;
    ManualPaymentGateway m_payments;
    QString m_john;
    QString m_jane;
    QString m_summit;
    QString m_concert;
};

void TestBookingHolds::initTestCase()
{
    startServer([](Config &config) { config.holdTtl = 10min; }, ServerSeams{&m_clock, &m_payments});
}

void TestBookingHolds::init()
{
    resetData();
    m_payments.reset();
    m_john = client().signIn(u"john.doe@example.com"_s);
    m_jane = client().signIn(u"jane.smith@example.com"_s);
    QVERIFY(!m_john.isEmpty() && !m_jane.isEmpty());
    m_summit = fixtures().eventIdByTitle(u"Business Summit"_s);
    m_concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
}

void TestBookingHolds::cleanup()
{
    m_payments.answerAll(PaymentOutcome::Declined);
    QTRY_COMPARE(server().app().bookingEngine().inFlight(), 0);
    // Nothing stays queued for an event once its bookings are done.
    QTRY_COMPARE(server().app().bookingEngine().busyEvents(), 0);
    checkInvariant(m_summit);
    checkInvariant(m_concert);
}

QNetworkReply *TestBookingHolds::startBooking(const QString &token, const QString &eventId,
                                              const QList<QPair<QByteArray, QByteArray>> &extra)
{
    return client().start("POST"_ba, u"/api/bookings"_s,
                          QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson(),
                          TestClient::bearer(token) + extra);
}

QString TestBookingHolds::waitForPayment()
{
    [this] {
        QTRY_COMPARE(m_payments.waiting(), 1);
    }();
    return m_payments.charges().value(m_payments.charges().size() - 1);
}

void TestBookingHolds::checkInvariant(const QString &eventId)
{
    QCOMPARE(fixtures().remainingTickets(eventId) + fixtures().activeBookings(eventId),
             fixtures().totalTickets(eventId));
}

void TestBookingHolds::ticketIsHeldWhileThePaymentRuns()
{
    QNetworkReply *reply = startBooking(m_john, m_concert);
    const QString id = waitForPayment();
    QCOMPARE(fixtures().bookingStatus(id), u"PENDING"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 1);
    const QDateTime expiresAt
        = fixtures().scalar(u"SELECT expires_at FROM bookings WHERE id = ?"_s, {id}).toDateTime();
    QCOMPARE(expiresAt.toMSecsSinceEpoch() / 1000,
             m_clock.now().addSecs(10 * 60).toMSecsSinceEpoch() / 1000);
    // The payment holds no transaction, no lock and no worker thread.
    QCOMPARE(fixtures()
                 .scalar(u"SELECT count(*) FROM pg_stat_activity "
                         u"WHERE state LIKE 'idle in transaction%'"_s)
                 .toInt(),
             0);
    QCOMPARE(server().app().database().pool().activeThreadCount(), 0);
    QVERIFY(!reply->isFinished());
    QVERIFY(m_payments.answer(PaymentOutcome::Approved));
    QCOMPARE(TestClient::finish(reply).status, 201);
    QCOMPARE(fixtures().bookingStatus(id), u"CONFIRMED"_s);
}

void TestBookingHolds::answerComesAfterThePaymentAsInTheSeed()
{
    QNetworkReply *reply = startBooking(m_john, m_summit);
    const QString id = waitForPayment();
    QTest::qWait(50);
    QVERIFY(!reply->isFinished());
    m_payments.answer(PaymentOutcome::Approved);
    const HttpResult result = TestClient::finish(reply);
    QCOMPARE(result.status, 201);
    const QJsonObject booking = result.object()["booking"_L1].toObject();
    QCOMPARE(booking["status"_L1].toString(), u"CONFIRMED"_s);
    QCOMPARE(booking["id"_L1].toString(), id);
    QVERIFY(!booking.contains("expiresAt"_L1));
    QCOMPARE(result.object()["event"_L1]["remainingTickets"_L1].toInt(), 49);
    QCOMPARE(m_payments.charges(), QStringList{id});
}

void TestBookingHolds::declinedPaymentReleasesTheTicket()
{
    QNetworkReply *reply = startBooking(m_john, m_concert);
    const QString id = waitForPayment();
    QCOMPARE(fixtures().remainingTickets(m_concert), 1);
    m_payments.answer(PaymentOutcome::Declined);
    const HttpResult result = TestClient::finish(reply);
    QCOMPARE(result.status, 402);
    QCOMPARE(result.errorCode(), u"PAYMENT_FAILED"_s);
    QCOMPARE(result.object()["error"_L1].toString(), u"Payment Required"_s);
    QCOMPARE(fixtures().bookingStatus(id), u"FAILED"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
    QVERIFY(m_payments.refunds().isEmpty());
}

void TestBookingHolds::holdThatExpiredBeforeThePaymentIsNotConfirmed()
{
    QNetworkReply *reply = startBooking(m_john, m_concert);
    const QString id = waitForPayment();
    m_clock.advance(10 * 60 + 1);
    m_payments.answer(PaymentOutcome::Approved);
    const HttpResult result = TestClient::finish(reply);
    QCOMPARE(result.status, 409);
    QCOMPARE(result.errorCode(), u"HOLD_EXPIRED"_s);
    QCOMPARE(fixtures().bookingStatus(id), u"EXPIRED"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
    // The buyer paid for a ticket they did not get: the payment goes back.
    QCOMPARE(m_payments.refunds().size(), 1);
    QCOMPARE(m_payments.refunds().constFirst().bookingId, id);
    // A sweep afterwards finds nothing more to give back.
    std::optional<Result<int>> swept;
    server().app().bookingEngine().sweepExpiredHolds([&](Result<int> count) { swept = count; });
    QTRY_VERIFY(swept.has_value());
    QCOMPARE(swept->value(), 0);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
}

void TestBookingHolds::sweeperReleasesExpiredHoldsOnce()
{
    const HttpResult held
        = TestClient::finish(startBooking(m_john, m_concert, {{"Prefer"_ba, "respond-async"_ba}}));
    QCOMPARE(held.status, 202);
    const QString id = held.object()["booking"_L1]["id"_L1].toString();
    // Not yet expired: nothing to sweep.
    std::optional<Result<int>> swept;
    BookingEngine &engine = server().app().bookingEngine();
    engine.sweepExpiredHolds([&](Result<int> count) { swept = count; });
    QTRY_VERIFY(swept.has_value());
    QCOMPARE(swept->value(), 0);
    QCOMPARE(fixtures().bookingStatus(id), u"PENDING"_s);

    m_clock.advance(10 * 60);
    swept.reset();
    engine.sweepExpiredHolds([&](Result<int> count) { swept = count; });
    QTRY_VERIFY(swept.has_value());
    QCOMPARE(swept->value(), 1);
    QCOMPARE(fixtures().bookingStatus(id), u"EXPIRED"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);

    // The payment that answers afterwards confirms nothing and gives nothing back twice.
    m_payments.answer(PaymentOutcome::Approved);
    QTRY_COMPARE(m_payments.refunds().size(), 1);
    QCOMPARE(fixtures().bookingStatus(id), u"EXPIRED"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
    const HttpResult shown = client().get(u"/api/bookings/"_s + id, m_john);
    QCOMPARE(shown.object()["status"_L1].toString(), u"EXPIRED"_s);
    // An expired booking cannot be cancelled: the contract's one answer for that.
    const HttpResult cancel = client().del(u"/api/bookings/"_s + id, m_john);
    QCOMPARE(cancel.status, 409);
    QCOMPARE(cancel.errorCode(), u"ALREADY_CANCELLED"_s);
    QCOMPARE(cancel.object()["message"_L1].toString(), u"Booking is already cancelled"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
}

void TestBookingHolds::cancellingAPendingHoldWinsOverItsPayment()
{
    QNetworkReply *reply = startBooking(m_john, m_concert);
    const QString id = waitForPayment();
    const HttpResult cancelled = client().del(u"/api/bookings/"_s + id, m_john);
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(cancelled.object()["status"_L1].toString(), u"CANCELLED"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
    m_payments.answer(PaymentOutcome::Approved);
    const HttpResult result = TestClient::finish(reply);
    QCOMPARE(result.status, 409);
    QCOMPARE(result.errorCode(), u"HOLD_EXPIRED"_s);
    QCOMPARE(fixtures().bookingStatus(id), u"CANCELLED"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
    QCOMPARE(m_payments.refunds().size(), 1);
    // Cancelling again changes nothing.
    QCOMPARE(client().del(u"/api/bookings/"_s + id, m_john).errorCode(), u"ALREADY_CANCELLED"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
}

void TestBookingHolds::respondAsyncAnswersAtOnce()
{
    const HttpResult held = TestClient::finish(
        startBooking(m_john, m_summit, {{"Prefer"_ba, "handling=lenient, respond-async"_ba}}));
    QCOMPARE(held.status, 202);
    const QJsonObject booking = held.object()["booking"_L1].toObject();
    const QString id = booking["id"_L1].toString();
    QCOMPARE(booking["status"_L1].toString(), u"PENDING"_s);
    QVERIFY(QDateTime::fromString(booking["expiresAt"_L1].toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(held.object()["event"_L1]["remainingTickets"_L1].toInt(), 49);
    QCOMPARE(held.header("Location"), "/api/bookings/"_ba + id.toLatin1());
    QCOMPARE(held.header("Preference-Applied"), "respond-async"_ba);

    const HttpResult pending = client().get(QString::fromLatin1(held.header("Location")), m_john);
    QCOMPARE(pending.status, 200);
    QCOMPARE(pending.object()["status"_L1].toString(), u"PENDING"_s);
    QCOMPARE(pending.object()["event"_L1]["title"_L1].toString(), u"Business Summit"_s);

    m_payments.answer(PaymentOutcome::Approved);
    QTRY_COMPARE(client().get(u"/api/bookings/"_s + id, m_john).object()["status"_L1].toString(),
                 u"CONFIRMED"_s);
    QVERIFY(!client().get(u"/api/bookings/"_s + id, m_john).object().contains("expiresAt"_L1));
}

void TestBookingHolds::showOneBooking_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("the owner sees it") << u"john"_s << QString() << 200 << QString();
    QTest::newRow("someone else is refused") << u"jane"_s << QString() << 403 << u"FORBIDDEN"_s;
    QTest::newRow("no token") << QString() << QString() << 401 << u"UNAUTHORIZED"_s;
    QTest::newRow("unknown booking")
        << u"john"_s << u"00000000-0000-4000-8000-000000000000"_s << 404 << u"BOOKING_NOT_FOUND"_s;
    QTest::newRow("malformed id") << u"john"_s << u"42"_s << 400 << u"VALIDATION_FAILED"_s;
}

void TestBookingHolds::showOneBooking()
{
    QFETCH(QString, who);
    QFETCH(QString, id);
    QFETCH(int, status);
    QFETCH(QString, code);
    m_payments.answerAtOnce(PaymentOutcome::Approved);
    const HttpResult booked = TestClient::finish(startBooking(m_john, m_summit));
    QCOMPARE(booked.status, 201);
    if (id.isEmpty())
        id = booked.object()["booking"_L1]["id"_L1].toString();
    const QString token = who == u"john" ? m_john : who == u"jane" ? m_jane : QString();
    const HttpResult shown = client().get(u"/api/bookings/"_s + id, token);
    QCOMPARE(shown.status, status);
    QCOMPARE(shown.errorCode(), code);
    if (status == 200) {
        QCOMPARE(shown.object()["status"_L1].toString(), u"CONFIRMED"_s);
        QCOMPARE(shown.object()["event"_L1]["id"_L1].toString(), m_summit);
    }
}

void TestBookingHolds::paymentRunsOnceWhenTheConfirmationIsRetried()
{
    QNetworkReply *reply = startBooking(m_john, m_summit);
    const QString id = waitForPayment();
    // Hold the booking's row, so that the confirmation waits for it...
    Fixtures holder(cluster().settings());
    QVERIFY(holder.scalar(u"BEGIN"_s).isNull());
    QCOMPARE(holder.scalar(u"SELECT id FROM bookings WHERE id = ? FOR UPDATE"_s, {id}).toString(),
             id);
    const int holderPid = holder.scalar(u"SELECT pg_backend_pid()"_s).toInt();
    m_payments.answer(PaymentOutcome::Approved);
    // (Asked from outside the holder's transaction, which sees a frozen pg_stat_activity.)
    const QString blocked = u"SELECT pid FROM pg_stat_activity WHERE ? = ANY "
                            u"(pg_blocking_pids(pid))"_s;
    QTRY_VERIFY(fixtures().scalar(blocked, {holderPid}).isValid());
    const int firstPid = fixtures().scalar(blocked, {holderPid}).toInt();
    // ...then cut its connection mid-statement: the server reconnects and runs the
    // confirmation again, which waits for the row once more.
    QVERIFY(fixtures().scalar(u"SELECT pg_terminate_backend(?)"_s, {firstPid}).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(fixtures().scalar(blocked, {holderPid}).toInt() > 0
                                 && fixtures().scalar(blocked, {holderPid}).toInt() != firstPid,
                             10000);
    holder.scalar(u"ROLLBACK"_s);

    const HttpResult result = TestClient::finish(reply);
    QCOMPARE(result.status, 201);
    QCOMPARE(fixtures().bookingStatus(id), u"CONFIRMED"_s);
    QCOMPARE(m_payments.charges(), QStringList{id});
    QVERIFY(m_payments.refunds().isEmpty());
}

void TestBookingHolds::bookAgainAfterAFailedPayment()
{
    m_payments.answerAtOnce(PaymentOutcome::Declined);
    QCOMPARE(TestClient::finish(startBooking(m_john, m_concert)).status, 402);
    m_payments.answerAtOnce(PaymentOutcome::Approved);
    QCOMPARE(TestClient::finish(startBooking(m_john, m_concert)).status, 201);
    QCOMPARE(fixtures().bookingsWithStatus(m_concert, u"FAILED"_s), 1);
    QCOMPARE(fixtures().bookingsWithStatus(m_concert, u"CONFIRMED"_s), 1);
    QCOMPARE(fixtures().remainingTickets(m_concert), 1);
}

void TestBookingHolds::unknownEventsLeaveNothingQueued()
{
    for (int i = 0; i < 5; ++i) {
        const QString unknown = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(TestClient::finish(startBooking(m_john, unknown)).errorCode(),
                 u"EVENT_NOT_FOUND"_s);
    }
    QCOMPARE(server().app().bookingEngine().busyEvents(), 0);
    QCOMPARE(server().app().bookingEngine().inFlight(), 0);
}

void TestBookingHolds::databaseChecksStatusesAndPendingHolds()
{
    QNetworkReply *reply = startBooking(m_john, m_concert);
    const QString id = waitForPayment();
    // No status outside the five, no PENDING without an expiry...
    QVERIFY(!fixtures()
                 .scalar(u"UPDATE bookings SET status = 'SOLD' WHERE id = ? RETURNING id"_s, {id})
                 .isValid());
    QVERIFY(!fixtures()
                 .scalar(u"UPDATE bookings SET expires_at = NULL WHERE id = ? RETURNING id"_s, {id})
                 .isValid());
    // ...and no second active booking beside a PENDING one.
    QVERIFY(!fixtures()
                 .scalar(u"INSERT INTO bookings (user_id, event_id, status) SELECT user_id, "
                         u"event_id, 'CONFIRMED' FROM bookings WHERE id = ? RETURNING id"_s,
                         {id})
                 .isValid());
    // An ended booking does not count: it may be there as often as history says.
    QVERIFY(fixtures()
                .scalar(u"INSERT INTO bookings (user_id, event_id, status) SELECT user_id, "
                        u"event_id, 'EXPIRED' FROM bookings WHERE id = ? RETURNING id"_s,
                        {id})
                .isValid());
    m_payments.answer(PaymentOutcome::Approved);
    QCOMPARE(TestClient::finish(reply).status, 201);
}

void TestBookingHolds::accessTokensExpireByTheInjectedClock()
{
    QCOMPARE(client().get(u"/api/auth/me"_s, m_john).status, 200);
    m_clock.advance(15 * 60 + 1);
    const HttpResult expired = client().get(u"/api/auth/me"_s, m_john);
    QCOMPARE(expired.status, 401);
    QCOMPARE(expired.errorCode(), u"UNAUTHORIZED"_s);
    QCOMPARE(client().get(u"/api/bookings"_s, m_john).status, 401);
}

QTEST_GUILESS_MAIN(TestBookingHolds)
#include "tst_bookingholds.moc"
