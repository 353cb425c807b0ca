#include "apitestcase.h"
#include "services/bookingengine.h"
#include "services/clock.h"
#include "services/tokenservice.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

//! Many buyers racing for few tickets, each with its own HTTP connection, all requests in
//! flight at once against the real server and database.
class TestConcurrentBooking final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { stopServer(); }
    void init() { resetData(); }

    void tenBuyersForTheLastTwoTickets();
    void twelveBuyersForFiftyTicketsAllSucceed();
    void hundredBuyersForTenTickets();
    void oneUserBookingFiveTimesAtOnce();
    void bookingsAndCancellationsInterleaved();
    void buyersVanishingMidBooking();
    void aHotEventDoesNotHoldUpOtherRequests();
    void buyersOfOneEventAreReservedInBatches();
    void twoInstancesSellEachTicketOnce();

private:
    struct Buyer
    {
        QString token;
        std::unique_ptr<TestClient> client;
    };
    //! `count` users, each with a token and a warmed-up connection of its own.
    std::vector<Buyer> makeBuyers(int count);
    //! Sends one booking per buyer, all at once; returns the statuses and codes.
    QList<HttpResult> bookAll(std::vector<Buyer> &buyers, const QString &eventId);
    void checkInvariant(const QString &eventId);

    std::unique_ptr<TokenService> m_tokens;
    SystemClock m_clock;
    int m_nextUser = 0;
};

void TestConcurrentBooking::initTestCase()
{
    startServer([](Config &config) {
        config.paymentDelay = 200ms;
        config.databasePoolSize = 16;
    });
    m_tokens = std::make_unique<TokenService>(
        TokenService::Settings{QByteArray(TestServer::AccessSecret.data()),
                               QByteArray(TestServer::RefreshSecret.data()), 15min, 24h},
        m_clock);
}

std::vector<TestConcurrentBooking::Buyer> TestConcurrentBooking::makeBuyers(int count)
{
    std::vector<Buyer> buyers;
    for (int i = 0; i < count; ++i) {
        // Users made directly, with tokens as the server issues them: no bcrypt for 100 users.
        const QString email = u"buyer%1@example.com"_s.arg(m_nextUser++);
        const QString id = fixtures()
                               .scalar(u"INSERT INTO users (email, name, password_hash) "
                                       u"VALUES (?, 'Buyer', 'x') RETURNING id"_s,
                                       {email})
                               .toString();
        Buyer buyer{*m_tokens->issueAccessToken(id, email), newClient()};
        buyers.push_back(std::move(buyer));
    }
    // Open every connection now, so the bookings below leave together.
    std::vector<QNetworkReply *> warmUps;
    for (Buyer &buyer : buyers)
        warmUps.push_back(buyer.client->start("GET"_ba, u"/"_s, {}));
    for (QNetworkReply *reply : warmUps)
        TestClient::finish(reply);
    return buyers;
}

QList<HttpResult> TestConcurrentBooking::bookAll(std::vector<Buyer> &buyers, const QString &eventId)
{
    const QByteArray body = QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson();
    std::vector<QNetworkReply *> replies;
    for (Buyer &buyer : buyers)
        replies.push_back(buyer.client->start("POST"_ba, u"/api/bookings"_s, body,
                                              TestClient::bearer(buyer.token)));
    QList<HttpResult> results;
    for (QNetworkReply *reply : replies)
        results.append(TestClient::finish(reply, 60000));
    return results;
}

void TestConcurrentBooking::checkInvariant(const QString &eventId)
{
    const int remaining = fixtures().remainingTickets(eventId);
    QVERIFY(remaining >= 0);
    QCOMPARE(remaining + fixtures().activeBookings(eventId), fixtures().totalTickets(eventId));
}

namespace {

int countStatus(const QList<HttpResult> &results, int status, const QString &code = {})
{
    return int(std::count_if(results.cbegin(), results.cend(), [&](const HttpResult &result) {
        return result.status == status && (code.isEmpty() || result.errorCode() == code);
    }));
}

} // namespace

void TestConcurrentBooking::tenBuyersForTheLastTwoTickets()
{
    const QString concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
    auto buyers = makeBuyers(10);
    const QList<HttpResult> results = bookAll(buyers, concert);
    QCOMPARE(countStatus(results, 201), 2);
    QCOMPARE(countStatus(results, 409, u"SOLD_OUT"_s), 8);
    QCOMPARE(fixtures().remainingTickets(concert), 0);
    for (const HttpResult &result : results) {
        if (result.status == 409)
            QCOMPARE(result.object()["message"_L1].toString(), u"No tickets available"_s);
    }
    checkInvariant(concert);
}

void TestConcurrentBooking::twelveBuyersForFiftyTicketsAllSucceed()
{
    // The seed's SERIALIZABLE design answers most of these "No tickets available".
    const QString summit = fixtures().eventIdByTitle(u"Business Summit"_s);
    auto buyers = makeBuyers(12);
    const QList<HttpResult> results = bookAll(buyers, summit);
    QCOMPARE(countStatus(results, 201), 12);
    QCOMPARE(fixtures().remainingTickets(summit), 38);
    checkInvariant(summit);
}

void TestConcurrentBooking::hundredBuyersForTenTickets()
{
    const QString event = fixtures().createEvent(u"Ten Seats"_s, 10);
    auto buyers = makeBuyers(100);
    const QList<HttpResult> results = bookAll(buyers, event);
    QCOMPARE(countStatus(results, 201), 10);
    QCOMPARE(countStatus(results, 409, u"SOLD_OUT"_s), 90);
    QCOMPARE(fixtures().remainingTickets(event), 0);
    checkInvariant(event);
}

void TestConcurrentBooking::oneUserBookingFiveTimesAtOnce()
{
    const QString summit = fixtures().eventIdByTitle(u"Business Summit"_s);
    auto buyers = makeBuyers(1);
    // Five connections, one user.
    for (int i = 0; i < 4; ++i)
        buyers.push_back(Buyer{buyers.front().token, newClient()});
    const QList<HttpResult> results = bookAll(buyers, summit);
    QCOMPARE(countStatus(results, 201), 1);
    QCOMPARE(countStatus(results, 409, u"ALREADY_BOOKED"_s), 4);
    QCOMPARE(fixtures().remainingTickets(summit), 49);
    checkInvariant(summit);
}

void TestConcurrentBooking::bookingsAndCancellationsInterleaved()
{
    const QString event = fixtures().createEvent(u"Five Seats"_s, 5);
    auto buyers = makeBuyers(12);
    QList<HttpResult> first = bookAll(buyers, event);
    QCOMPARE(countStatus(first, 201), 5);
    // Holders cancel while everyone else tries again, all at once.
    std::vector<QNetworkReply *> replies;
    const QByteArray body = QJsonDocument(QJsonObject{{"eventId"_L1, event}}).toJson();
    for (int i = 0; i < int(buyers.size()); ++i) {
        const QString bookingId = first[i].object()["booking"_L1]["id"_L1].toString();
        replies.push_back(bookingId.isEmpty()
                              ? buyers[i].client->start("POST"_ba, u"/api/bookings"_s, body,
                                                        TestClient::bearer(buyers[i].token))
                              : buyers[i].client->start("DELETE"_ba,
                                                        u"/api/bookings/"_s + bookingId, {},
                                                        TestClient::bearer(buyers[i].token)));
    }
    QList<HttpResult> second;
    for (QNetworkReply *reply : replies)
        second.append(TestClient::finish(reply, 60000));
    QCOMPARE(countStatus(second, 200), 5); // every cancellation succeeded
    for (const HttpResult &result : second)
        QVERIFY2(result.status == 200 || result.status == 201 || result.errorCode() == u"SOLD_OUT",
                 result.body.constData());
    checkInvariant(event);
    QCOMPARE(fixtures().remainingTickets(event), 5 - countStatus(second, 201));
}

void TestConcurrentBooking::buyersVanishingMidBooking()
{
    const QString event = fixtures().createEvent(u"Three Seats"_s, 3);
    auto buyers = makeBuyers(8);
    const QByteArray body = QJsonDocument(QJsonObject{{"eventId"_L1, event}}).toJson();
    std::vector<QNetworkReply *> replies;
    for (Buyer &buyer : buyers)
        replies.push_back(buyer.client->start("POST"_ba, u"/api/bookings"_s, body,
                                              TestClient::bearer(buyer.token)));
    // Half of them give up while their booking is being processed.
    QTest::qWait(100);
    for (int i = 0; i < int(replies.size()); i += 2)
        replies[i]->abort();
    for (QNetworkReply *reply : replies)
        TestClient::finish(reply, 60000);
    // Whatever was decided is recorded exactly once, and every ticket is accounted for.
    QTRY_COMPARE_WITH_TIMEOUT(fixtures().activeBookings(event), 3, 10000);
    checkInvariant(event);
    QCOMPARE(client().get(u"/api/health"_s).status, 200);
}

void TestConcurrentBooking::aHotEventDoesNotHoldUpOtherRequests()
{
    const QString event = fixtures().createEvent(u"Hot Ticket"_s, 100);
    auto buyers = makeBuyers(24);
    const QByteArray body = QJsonDocument(QJsonObject{{"eventId"_L1, event}}).toJson();
    std::vector<QNetworkReply *> replies;
    for (Buyer &buyer : buyers)
        replies.push_back(buyer.client->start("POST"_ba, u"/api/bookings"_s, body,
                                              TestClient::bearer(buyer.token)));
    // 24 buyers of one event hold their tickets and pay at the same time (no lock is held
    // while they pay); meanwhile the rest of the API answers as usual.
    QTest::qWait(100);
    QCOMPARE(client().get(u"/api/health"_s).status, 200);
    QCOMPARE(client().get(u"/api/events"_s).status, 200);
    const auto unfinished
        = std::count_if(replies.cbegin(), replies.cend(),
                        [](QNetworkReply *reply) { return !reply->isFinished(); });
    QVERIFY2(unfinished >= 12, qPrintable(QString::number(unfinished)));
    QTRY_COMPARE(fixtures().bookingsWithStatus(event, u"PENDING"_s), 24);
    for (QNetworkReply *reply : replies)
        QCOMPARE(TestClient::finish(reply, 60000).status, 201);
    checkInvariant(event);
}

void TestConcurrentBooking::buyersOfOneEventAreReservedInBatches()
{
    const QString event = fixtures().createEvent(u"Batched"_s, 100);
    auto buyers = makeBuyers(60);
    const BookingEngine::Statistics before = server().app().bookingEngine().statistics();
    const QList<HttpResult> results = bookAll(buyers, event);
    QCOMPARE(countStatus(results, 201), 60);
    const BookingEngine::Statistics after = server().app().bookingEngine().statistics();
    // Buyers that arrive while a reservation runs share the next one.
    const qint64 reservations = after.reserveTransactions - before.reserveTransactions;
    QVERIFY2(reservations < 30, qPrintable(QString::number(reservations)));
    QCOMPARE(after.held - before.held, 60);
    QVERIFY(after.settleTransactions - before.settleTransactions < 60);
    checkInvariant(event);
}

void TestConcurrentBooking::twoInstancesSellEachTicketOnce()
{
    // A second server on the same database: only the row lock keeps the two from selling
    // one ticket twice.
    TestServer second(cluster());
    second.config().paymentDelay = 0ms;
    QVERIFY2(second.start(ServerApp::Seeding::Never), qPrintable(second.error()));
    const QString event = fixtures().createEvent(u"Two Doors"_s, 25);
    auto buyers = makeBuyers(120);
    std::vector<QNetworkReply *> warmUps;
    for (size_t i = 1; i < buyers.size(); i += 2) {
        buyers[i].client = std::make_unique<TestClient>(second.url());
        warmUps.push_back(buyers[i].client->start("GET"_ba, u"/"_s, {}));
    }
    for (QNetworkReply *reply : warmUps)
        TestClient::finish(reply);
    const qint64 secondBefore = second.app().bookingEngine().statistics().reserveTransactions;
    const QList<HttpResult> results = bookAll(buyers, event);
    QCOMPARE(countStatus(results, 201), 25);
    QCOMPARE(countStatus(results, 409, u"SOLD_OUT"_s), 95);
    QVERIFY(second.app().bookingEngine().statistics().reserveTransactions > secondBefore);
    QCOMPARE(fixtures().remainingTickets(event), 0);
    QTRY_COMPARE(fixtures().bookingsWithStatus(event, u"CONFIRMED"_s), 25);
    checkInvariant(event);
}

QTEST_GUILESS_MAIN(TestConcurrentBooking)
#include "tst_concurrentbooking.moc"
