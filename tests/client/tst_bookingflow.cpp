#include "api/apiclient.h"
#include "apitestcase.h"
#include "manualpaymentgateway.h"
#include "models/bookingflow.h"

#include <QJsonDocument>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

//! The desktop app's booking flow against the real server, whose payments the test answers:
//! reserving, paying, and each way it can end.
class TestBookingFlow final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer({}, ServerSeams{nullptr, &m_payments}); }
    void cleanupTestCase() { stopServer(); }
    void init();
    void cleanup();

    void heldThenPaidThenConfirmed();
    void declinedPaymentEndsDeclined();
    void holdLostMeanwhileEndsExpired();
    void soldOutAndAlreadyBookedAreTheirOwnEnds();
    void busyServerIsAskedAgainAndBooksOnce();
    void bookingCarriesItsIdempotencyKey();
    void oneBookingAtATime();

private:
    QList<BookingFlow::State> statesOf(const QSignalSpy &spy) const;

    ManualPaymentGateway m_payments;
    std::unique_ptr<ApiClient> m_api;
    QString m_summit;
    QString m_concert;
};

void TestBookingFlow::init()
{
    resetData();
    m_payments.reset();
    m_api = std::make_unique<ApiClient>();
    m_api->setServerUrl(server().url());
    bool signedIn = false;
    m_api->signIn(u"john.doe@example.com"_s, u"Password123"_s, this,
                  [&](Result<AuthResult> result) { signedIn = result.ok(); });
    QTRY_VERIFY(signedIn);
    m_summit = fixtures().eventIdByTitle(u"Business Summit"_s);
    m_concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
}

void TestBookingFlow::cleanup()
{
    m_payments.answerAll(PaymentOutcome::Declined);
    fixtures().scalar(u"DROP TRIGGER IF EXISTS refuse_bookings ON bookings"_s);
    m_api.reset();
}

QList<BookingFlow::State> TestBookingFlow::statesOf(const QSignalSpy &spy) const
{
    QList<BookingFlow::State> states;
    for (const QList<QVariant> &arguments : spy)
        states.append(arguments.at(0).value<BookingFlow::State>());
    return states;
}

void TestBookingFlow::heldThenPaidThenConfirmed()
{
    BookingFlow flow(*m_api);
    QSignalSpy states(&flow, &BookingFlow::stateChanged);
    QSignalSpy tickets(&flow, &BookingFlow::ticketsLearned);
    flow.start(m_summit, u"Business Summit"_s);
    QCOMPARE(flow.state(), BookingFlow::State::Reserving);
    QVERIFY(flow.isRunning());
    QTRY_COMPARE(flow.state(), BookingFlow::State::Paying);
    QCOMPARE(flow.booking()->status, BookingStatus::Pending);
    QVERIFY(flow.booking()->expiresAt > QDateTime::currentDateTimeUtc());
    QCOMPARE(tickets.size(), 1);
    QCOMPARE(tickets.at(0).at(1).toInt(), 49);
    // It keeps looking while the payment runs.
    QTest::qWait(600);
    QCOMPARE(flow.state(), BookingFlow::State::Paying);
    QVERIFY(m_payments.answer(PaymentOutcome::Approved));
    QTRY_COMPARE(flow.state(), BookingFlow::State::Confirmed);
    QVERIFY(!flow.isRunning());
    QCOMPARE(flow.booking()->status, BookingStatus::Confirmed);
    QCOMPARE(statesOf(states),
             (QList<BookingFlow::State>{BookingFlow::State::Reserving, BookingFlow::State::Paying,
                                        BookingFlow::State::Confirmed}));
}

void TestBookingFlow::declinedPaymentEndsDeclined()
{
    BookingFlow flow(*m_api);
    flow.start(m_summit, u"Business Summit"_s);
    QTRY_COMPARE(flow.state(), BookingFlow::State::Paying);
    m_payments.answer(PaymentOutcome::Declined);
    QTRY_COMPARE(flow.state(), BookingFlow::State::Declined);
    QCOMPARE(flow.error().code, ErrorCode::PaymentFailed);
    QCOMPARE(fixtures().remainingTickets(m_summit), 50);
}

void TestBookingFlow::holdLostMeanwhileEndsExpired()
{
    BookingFlow flow(*m_api);
    flow.start(m_summit, u"Business Summit"_s);
    QTRY_COMPARE(flow.state(), BookingFlow::State::Paying);
    // Cancelled elsewhere (another device) before the payment ended.
    bool cancelled = false;
    m_api->cancelBooking(flow.booking()->id, this,
                         [&](Result<Booking> result) { cancelled = result.ok(); });
    QTRY_VERIFY(cancelled);
    m_payments.answer(PaymentOutcome::Approved);
    QTRY_COMPARE(flow.state(), BookingFlow::State::Expired);
    QCOMPARE(flow.error().code, ErrorCode::HoldExpired);
}

void TestBookingFlow::soldOutAndAlreadyBookedAreTheirOwnEnds()
{
    m_payments.answerAtOnce(PaymentOutcome::Approved);
    for (const QString &email : {u"jane.smith@example.com"_s, u"mike.wilson@example.com"_s}) {
        const QString token = client().signIn(email);
        QCOMPARE(client().post(u"/api/bookings"_s, {{"eventId"_L1, m_concert}}, token).status, 201);
    }
    BookingFlow soldOut(*m_api);
    soldOut.start(m_concert, u"Limited Concert"_s);
    QTRY_COMPARE(soldOut.state(), BookingFlow::State::SoldOut);
    QCOMPARE(soldOut.error().code, ErrorCode::SoldOut);

    BookingFlow first(*m_api);
    first.start(m_summit, u"Business Summit"_s);
    QTRY_COMPARE(first.state(), BookingFlow::State::Confirmed);
    BookingFlow again(*m_api);
    again.start(m_summit, u"Business Summit"_s);
    QTRY_COMPARE(again.state(), BookingFlow::State::AlreadyBooked);
}

void TestBookingFlow::busyServerIsAskedAgainAndBooksOnce()
{
    // The database refuses the first five attempts: one request's worth of retries, so the
    // server answers 503 once.
    fixtures().scalar(u"CREATE SEQUENCE IF NOT EXISTS refusals"_s);
    fixtures().scalar(u"SELECT setval('refusals', 1, false)"_s);
    fixtures().scalar(u"CREATE OR REPLACE FUNCTION refuse_bookings() RETURNS trigger "
                      u"LANGUAGE plpgsql AS $$ BEGIN IF nextval('refusals') <= 5 THEN RAISE "
                      u"EXCEPTION 'test: busy' USING ERRCODE = 'serialization_failure'; END IF; "
                      u"RETURN NEW; END $$"_s);
    fixtures().scalar(u"CREATE TRIGGER refuse_bookings BEFORE INSERT ON bookings "
                      u"FOR EACH ROW EXECUTE FUNCTION refuse_bookings()"_s);
    m_payments.answerAtOnce(PaymentOutcome::Approved);
    BookingFlow flow(*m_api);
    flow.start(m_summit, u"Business Summit"_s);
    QTRY_COMPARE_WITH_TIMEOUT(flow.state(), BookingFlow::State::Confirmed, 15000);
    QCOMPARE(fixtures().scalar(u"SELECT nextval('refusals')"_s).toInt(), 7);
    QCOMPARE(fixtures().activeBookings(m_summit), 1);
    QCOMPARE(m_payments.charges().size(), 1);
}

void TestBookingFlow::bookingCarriesItsIdempotencyKey()
{
    m_payments.answerAtOnce(PaymentOutcome::Approved);
    std::optional<Result<BookingConfirmation>> booked;
    m_api->book(
        m_summit, this, [&](Result<BookingConfirmation> result) { booked = result; },
        BookingOptions{u"desktop-key-1"_s, false});
    QTRY_VERIFY(booked.has_value());
    QCOMPARE(booked->value().booking.status, BookingStatus::Confirmed);
    // The same key from elsewhere gets the first answer again.
    const HttpResult replay = client().send(
        "POST"_ba, u"/api/bookings"_s,
        QJsonDocument(QJsonObject{{"eventId"_L1, m_summit}}).toJson(),
        TestClient::bearer(m_api->accessToken())
            + QList<QPair<QByteArray, QByteArray>>{{"Idempotency-Key"_ba, "desktop-key-1"_ba}});
    QCOMPARE(replay.status, 201);
    QCOMPARE(replay.header("Idempotent-Replayed"), "true"_ba);
}

void TestBookingFlow::oneBookingAtATime()
{
    BookingFlow flow(*m_api);
    flow.start(m_summit, u"Business Summit"_s);
    flow.start(m_concert, u"Limited Concert"_s);
    QCOMPARE(flow.eventId(), m_summit);
    QTRY_COMPARE(flow.state(), BookingFlow::State::Paying);
    QCOMPARE(m_payments.waiting(), 1);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
}

QTEST_GUILESS_MAIN(TestBookingFlow)
#include "tst_bookingflow.moc"
