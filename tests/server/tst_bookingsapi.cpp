#include "apitestcase.h"
#include "storage/bookingrepository.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

class TestBookingsApi final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer(); }
    void cleanupTestCase() { stopServer(); }
    void init();
    void cleanup();

    void bookingHasTheSeedShape();
    void bookingTakesOneTicket();
    void secondBookingOfTheSameEventIsAlreadyBooked();
    void lastTicketThenSoldOut();
    void unknownEventIsNotFound();
    void badBookingRequests_data();
    void badBookingRequests();
    void everyBookingRouteNeedsAToken_data();
    void everyBookingRouteNeedsAToken();
    void listShowsNewestFirstWithEvents();
    void listShowsOnlyMyBookings();
    void cancelGivesTheTicketBack();
    void cancelTwiceIsAlreadyCancelled();
    void markCancelledMovesOnlyActiveBookings_data();
    void markCancelledMovesOnlyActiveBookings();
    void cancellingSomeoneElsesBookingIsForbidden();
    void cancelUnknownOrMalformed_data();
    void cancelUnknownOrMalformed();
    void bookAgainAfterCancelling();
    void databaseEnforcesTheInvariants();

private:
    QString book(const QString &token, const QString &eventId, HttpResult *result = nullptr);
    void checkInvariant(const QString &eventId);

    QString m_john;
    QString m_jane;
    QString m_summit;
    QString m_concert;
};

void TestBookingsApi::init()
{
    resetData();
    m_john = client().signIn(u"john.doe@example.com"_s);
    m_jane = client().signIn(u"jane.smith@example.com"_s);
    QVERIFY(!m_john.isEmpty() && !m_jane.isEmpty());
    m_summit = fixtures().eventIdByTitle(u"Business Summit"_s);
    m_concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
}

void TestBookingsApi::cleanup()
{
    checkInvariant(m_summit);
    checkInvariant(m_concert);
}

QString TestBookingsApi::book(const QString &token, const QString &eventId, HttpResult *result)
{
    const HttpResult response = client().post(u"/api/bookings"_s, {{"eventId"_L1, eventId}}, token);
    if (result)
        *result = response;
    return response.object()["booking"_L1]["id"_L1].toString();
}

void TestBookingsApi::checkInvariant(const QString &eventId)
{
    QCOMPARE(fixtures().remainingTickets(eventId) + fixtures().activeBookings(eventId),
             fixtures().totalTickets(eventId));
}

void TestBookingsApi::bookingHasTheSeedShape()
{
    HttpResult result;
    book(m_john, m_summit, &result);
    QCOMPARE(result.status, 201);
    const QJsonObject booking = result.object()["booking"_L1].toObject();
    QStringList keys = booking.keys();
    keys.sort();
    QCOMPARE(keys, (QStringList{u"createdAt"_s, u"eventId"_s, u"id"_s, u"status"_s, u"userId"_s}));
    QCOMPARE(booking["status"_L1].toString(), u"CONFIRMED"_s);
    QCOMPARE(booking["eventId"_L1].toString(), m_summit);
    const QJsonObject me = client().get(u"/api/auth/me"_s, m_john).object();
    QCOMPARE(booking["userId"_L1].toString(), me["id"_L1].toString());
    // The seed's fields, plus when the count changed (beyond the seed).
    QJsonObject event = result.object()["event"_L1].toObject();
    QVERIFY(
        QDateTime::fromString(event.take("updatedAt"_L1).toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(event,
             (QJsonObject{{"id"_L1, m_summit},
                          {"title"_L1, u"Business Summit"_s},
                          {"remainingTickets"_L1, 49}}));
}

void TestBookingsApi::bookingTakesOneTicket()
{
    QVERIFY(!book(m_john, m_summit).isEmpty());
    QCOMPARE(fixtures().remainingTickets(m_summit), 49);
    QCOMPARE(client().get(u"/api/events/"_s + m_summit).object()["remainingTickets"_L1].toInt(),
             49);
}

void TestBookingsApi::secondBookingOfTheSameEventIsAlreadyBooked()
{
    QVERIFY(!book(m_john, m_summit).isEmpty());
    HttpResult again;
    book(m_john, m_summit, &again);
    QCOMPARE(again.status, 409);
    QCOMPARE(again.errorCode(), u"ALREADY_BOOKED"_s);
    QCOMPARE(again.object()["message"_L1].toString(), u"Already booked"_s);
    QCOMPARE(fixtures().remainingTickets(m_summit), 49);
}

void TestBookingsApi::lastTicketThenSoldOut()
{
    QVERIFY(!book(m_john, m_concert).isEmpty());
    HttpResult last;
    book(m_jane, m_concert, &last);
    QCOMPARE(last.status, 201);
    QCOMPARE(last.object()["event"_L1]["remainingTickets"_L1].toInt(), 0);
    const QString mike = client().signIn(u"mike.wilson@example.com"_s);
    HttpResult soldOut;
    book(mike, m_concert, &soldOut);
    QCOMPARE(soldOut.status, 409);
    QCOMPARE(soldOut.object(),
             (QJsonObject{{"statusCode"_L1, 409},
                          {"error"_L1, u"Conflict"_s},
                          {"message"_L1, u"No tickets available"_s},
                          {"code"_L1, u"SOLD_OUT"_s}}));
    QCOMPARE(fixtures().remainingTickets(m_concert), 0);
}

void TestBookingsApi::unknownEventIsNotFound()
{
    HttpResult result;
    book(m_john, u"00000000-0000-4000-8000-000000000000"_s, &result);
    QCOMPARE(result.status, 404);
    QCOMPARE(result.errorCode(), u"EVENT_NOT_FOUND"_s);
    QCOMPARE(result.object()["message"_L1].toString(), u"Event not found"_s);
}

void TestBookingsApi::badBookingRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("detail");
    QTest::newRow("malformed id") << "{\"eventId\": \"42\"}"_ba << u"VALIDATION_FAILED"_s
                                  << u"eventId must be a UUID"_s;
    QTest::newRow("id with a trailing newline")
        << "{\"eventId\": \"00000000-0000-4000-8000-000000000000\\n\"}"_ba << u"VALIDATION_FAILED"_s
        << u"eventId must be a UUID"_s;
    QTest::newRow("id with a NUL")
        << "{\"eventId\": \"00000000-0000-4000-8000-000000000000\\u0000\"}"_ba
        << u"VALIDATION_FAILED"_s << u"eventId must not contain NUL characters"_s;
    QTest::newRow("numeric id") << "{\"eventId\": 42}"_ba << u"VALIDATION_FAILED"_s
                                << u"eventId must be a string"_s;
    QTest::newRow("missing id") << "{}"_ba << u"VALIDATION_FAILED"_s
                                << u"eventId should not be empty"_s;
    QTest::newRow("broken json") << "{\"eventId\":"_ba << u"INVALID_JSON"_s << QString();
    QTest::newRow("array") << "[]"_ba << u"INVALID_JSON"_s << QString();
}

void TestBookingsApi::badBookingRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, detail);
    const HttpResult result
        = client().send("POST"_ba, u"/api/bookings"_s, body, TestClient::bearer(m_john));
    QCOMPARE(result.status, 400);
    QCOMPARE(result.errorCode(), code);
    if (!detail.isEmpty())
        QCOMPARE(result.object()["details"_L1].toArray(), QJsonArray{detail});
    QCOMPARE(fixtures().scalar(u"SELECT count(*) FROM bookings"_s).toInt(), 0);
}

void TestBookingsApi::everyBookingRouteNeedsAToken_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("book") << "POST"_ba << u"/api/bookings"_s;
    QTest::newRow("list") << "GET"_ba << u"/api/bookings"_s;
    QTest::newRow("cancel") << "DELETE"_ba
                            << u"/api/bookings/00000000-0000-4000-8000-000000000000"_s;
}

void TestBookingsApi::everyBookingRouteNeedsAToken()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const QByteArray body = QJsonDocument(QJsonObject{{"eventId"_L1, m_summit}}).toJson();
    for (const auto &headers :
         {QList<QPair<QByteArray, QByteArray>>{}, TestClient::bearer(u"invalid.token.here"_s)}) {
        const HttpResult result = client().send(method, path, body, headers);
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), u"UNAUTHORIZED"_s);
        QCOMPARE(result.header("WWW-Authenticate"), "Bearer"_ba);
    }
    QCOMPARE(fixtures().remainingTickets(m_summit), 50);
}

void TestBookingsApi::listShowsNewestFirstWithEvents()
{
    const QString first = book(m_john, m_summit);
    const QString second = book(m_john, m_concert);
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QCOMPARE(client().del(u"/api/bookings/"_s + first, m_john).status, 200);
    const HttpResult result = client().get(u"/api/bookings"_s, m_john);
    QCOMPARE(result.status, 200);
    const QJsonArray bookings = result.array();
    QCOMPARE(bookings.size(), 2);
    QCOMPARE(bookings[0]["id"_L1].toString(), second);
    QCOMPARE(bookings[1]["id"_L1].toString(), first);
    QCOMPARE(bookings[1]["status"_L1].toString(), u"CANCELLED"_s);
    const QJsonObject event = bookings[0]["event"_L1].toObject();
    QStringList keys = event.keys();
    keys.sort();
    QCOMPARE(keys, (QStringList{u"date"_s, u"id"_s, u"price"_s, u"title"_s, u"venue"_s}));
    QCOMPARE(event["title"_L1].toString(), u"Limited Concert"_s);
    QCOMPARE(event["price"_L1].toDouble(), 99.99);
    QVERIFY(bookings[0].toObject().contains("updatedAt"_L1));
}

void TestBookingsApi::listShowsOnlyMyBookings()
{
    QVERIFY(!book(m_john, m_summit).isEmpty());
    QCOMPARE(client().get(u"/api/bookings"_s, m_jane).array().size(), 0);
}

void TestBookingsApi::cancelGivesTheTicketBack()
{
    const QString id = book(m_john, m_concert);
    QCOMPARE(fixtures().remainingTickets(m_concert), 1);
    const HttpResult result = client().del(u"/api/bookings/"_s + id, m_john);
    QCOMPARE(result.status, 200);
    const QJsonObject body = result.object();
    QCOMPARE(body["status"_L1].toString(), u"CANCELLED"_s);
    QCOMPARE(body["id"_L1].toString(), id);
    QStringList keys = body.keys();
    keys.sort();
    QCOMPARE(keys,
             (QStringList{u"createdAt"_s, u"eventId"_s, u"id"_s, u"status"_s, u"updatedAt"_s,
                          u"userId"_s}));
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
}

void TestBookingsApi::cancelTwiceIsAlreadyCancelled()
{
    const QString id = book(m_john, m_concert);
    QCOMPARE(client().del(u"/api/bookings/"_s + id, m_john).status, 200);
    const HttpResult again = client().del(u"/api/bookings/"_s + id, m_john);
    QCOMPARE(again.status, 409);
    QCOMPARE(again.errorCode(), u"ALREADY_CANCELLED"_s);
    QCOMPARE(again.object()["message"_L1].toString(), u"Booking is already cancelled"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 2);
}

void TestBookingsApi::markCancelledMovesOnlyActiveBookings_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("moves");
    QTest::newRow("a pending hold is cancelled") << u"PENDING"_s << true;
    QTest::newRow("a confirmed booking is cancelled") << u"CONFIRMED"_s << true;
    QTest::newRow("a cancelled booking stays as it is") << u"CANCELLED"_s << false;
    QTest::newRow("an expired hold stays as it is") << u"EXPIRED"_s << false;
    QTest::newRow("a failed booking stays as it is") << u"FAILED"_s << false;
}

void TestBookingsApi::markCancelledMovesOnlyActiveBookings()
{
    QFETCH(QString, status);
    QFETCH(bool, moves);
    const QString id = book(m_john, m_concert);
    QVERIFY(!id.isEmpty());
    // The booking as it would be in that state: a hold has an expiry, an ended one has given
    // its ticket back.
    if (status == u"PENDING")
        fixtures().scalar(u"UPDATE bookings SET status = 'PENDING', expires_at = now() + "
                          u"interval '10 minutes' WHERE id = ?"_s,
                          {id});
    else if (status != u"CONFIRMED")
        fixtures().scalar(u"WITH ended AS (UPDATE bookings SET status = ? WHERE id = ? "
                          u"RETURNING event_id) UPDATE events SET remaining_tickets = "
                          u"remaining_tickets + 1 WHERE id = (SELECT event_id FROM ended)"_s,
                          {status, id});
    QCOMPARE(fixtures().bookingStatus(id), status);
    const int remaining = fixtures().remainingTickets(m_concert);

    // The repository alone, in a transaction that is rolled back.
    Database &database = server().app().database();
    const BookingRepository bookings;
    std::optional<Booking> moved;
    const auto outcome = database.runAndWait([&] {
        return database.transaction<int>([&](SqlSession &session) -> Result<int> {
            auto cancelled = bookings.markCancelled(session, id);
            if (!cancelled)
                return cancelled.error();
            moved = *cancelled;
            return Error(ErrorCode::Internal, u"rolled back on purpose"_s);
        });
    });
    QCOMPARE(outcome.error().message, u"rolled back on purpose"_s);
    QCOMPARE(moved.has_value(), moves);
    if (moved)
        QCOMPARE(moved->status, BookingStatus::Cancelled);
    QCOMPARE(fixtures().bookingStatus(id), status);

    // Through the API: an ended booking is not cancelled again, and gives nothing back twice.
    const HttpResult cancel = client().del(u"/api/bookings/"_s + id, m_john);
    QCOMPARE(cancel.status, moves ? 200 : 409);
    QCOMPARE(fixtures().bookingStatus(id), moves ? u"CANCELLED"_s : status);
    QCOMPARE(fixtures().remainingTickets(m_concert), moves ? remaining + 1 : remaining);
}

void TestBookingsApi::cancellingSomeoneElsesBookingIsForbidden()
{
    const QString id = book(m_john, m_concert);
    const HttpResult result = client().del(u"/api/bookings/"_s + id, m_jane);
    QCOMPARE(result.status, 403);
    QCOMPARE(result.errorCode(), u"FORBIDDEN"_s);
    QCOMPARE(result.object()["message"_L1].toString(), u"You can only cancel your own bookings"_s);
    QCOMPARE(fixtures().remainingTickets(m_concert), 1);
}

void TestBookingsApi::cancelUnknownOrMalformed_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("unknown") << u"00000000-0000-4000-8000-000000000000"_s << 404
                             << u"BOOKING_NOT_FOUND"_s;
    QTest::newRow("malformed") << u"not-a-uuid"_s << 400 << u"VALIDATION_FAILED"_s;
}

void TestBookingsApi::cancelUnknownOrMalformed()
{
    QFETCH(QString, id);
    QFETCH(int, status);
    QFETCH(QString, code);
    const HttpResult result = client().del(u"/api/bookings/"_s + id, m_john);
    QCOMPARE(result.status, status);
    QCOMPARE(result.errorCode(), code);
}

void TestBookingsApi::bookAgainAfterCancelling()
{
    const QString first = book(m_john, m_concert);
    QCOMPARE(client().del(u"/api/bookings/"_s + first, m_john).status, 200);
    HttpResult again;
    const QString second = book(m_john, m_concert, &again);
    QCOMPARE(again.status, 201);
    QVERIFY(second != first);
    QCOMPARE(fixtures().remainingTickets(m_concert), 1);
}

void TestBookingsApi::databaseEnforcesTheInvariants()
{
    // Whatever the application does, the database refuses an impossible count...
    QVERIFY(!fixtures()
                 .scalar(u"UPDATE events SET remaining_tickets = -1 WHERE id = ? RETURNING id"_s,
                         {m_concert})
                 .isValid());
    QVERIFY(!fixtures()
                 .scalar(u"UPDATE events SET remaining_tickets = total_tickets + 1 WHERE id = ? "
                         u"RETURNING id"_s,
                         {m_concert})
                 .isValid());
    // ...and a second active booking of one user for one event.
    const QString id = book(m_john, m_concert);
    QVERIFY(!id.isEmpty());
    QVERIFY(!fixtures()
                 .scalar(u"INSERT INTO bookings (user_id, event_id) SELECT user_id, event_id "
                         u"FROM bookings WHERE id = ? RETURNING id"_s,
                         {id})
                 .isValid());
}

QTEST_GUILESS_MAIN(TestBookingsApi)
#include "tst_bookingsapi.moc"
