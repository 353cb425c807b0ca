#include "apitestcase.h"
#include "manualpaymentgateway.h"
#include "services/bookingengine.h"
#include "storage/database.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QMutex>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace {

//! Warnings and infos of the server's own categories, counted while it is alive.
class LogCounter
{
public:
    LogCounter()
    {
        s_current = this;
        m_previous = qInstallMessageHandler(&LogCounter::handle);
    }
    ~LogCounter()
    {
        qInstallMessageHandler(m_previous);
        s_current = nullptr;
    }
    Q_DISABLE_COPY_MOVE(LogCounter)

    //! Messages of `type` in categories starting with `category` that contain `text`.
    int count(QtMsgType type, const QString &category, const QString &text = {}) const
    {
        QMutexLocker locker(&m_mutex);
        int found = 0;
        for (const auto &[messageType, messageCategory, message] : m_messages) {
            if (messageType == type && messageCategory.startsWith(category)
                && message.contains(text))
                ++found;
        }
        return found;
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (s_current) {
            QMutexLocker locker(&s_current->m_mutex);
            s_current->m_messages.append(
                {type, QString::fromLatin1(context.category ? context.category : ""), message});
        }
        if (s_current && s_current->m_previous)
            s_current->m_previous(type, context, message);
    }

    static inline LogCounter *s_current = nullptr;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    QList<std::tuple<QtMsgType, QString, QString>> m_messages;
};

} // namespace

//! The database goes away under a running server, stopped or hung (SIGSTOP), and comes back:
//! every route that needs it answers 503 with Retry-After within 3 s, a circuit breaker spares
//! the dead database, service resumes within 5 s of its return without a restart, and no
//! booking is lost or made twice.
class TestDatabaseOutage final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void everyRouteFailsFastWhileStopped();
    void openBreakerSparesTheDatabase();
    void serviceResumesAfterARestart();
    void everyRouteFailsFastWhileHung();
    void hangingConnectsAreGivenUp();
    void bookingsSurviveTheOutage();
    void paymentDuringTheOutageIsConfirmedOnce();
    void outageIsLoggedOnceNotPerRequest();

private:
    struct Timed
    {
        HttpResult result;
        qint64 ms = 0;
    };
    Timed timed(const QByteArray &method, const QString &path, const QByteArray &body = {},
                const QString &token = {});
    //! Every route that needs the database, twice (the first finds it gone, the second the
    //! breaker open): each must answer 503 SERVICE_UNAVAILABLE with Retry-After within 3 s.
    void checkEveryRouteFailsFast(const char *outage);
    void stopDatabase();
    void startDatabase();
    //! Milliseconds until GET /api/events answers 200 again; -1 after `timeoutMs`.
    qint64 waitForService(int timeoutMs = 10000);
    QString signIn(const QString &email, QString *refreshToken = nullptr);
    Database &database() { return server().app().database(); }

    ManualPaymentGateway m_payments;
    bool m_stopped = false;
    QString m_token;
    QString m_refreshToken;
    QString m_eventId;
};

void TestDatabaseOutage::initTestCase()
{
    startServer({}, ServerSeams{nullptr, &m_payments});
}

void TestDatabaseOutage::cleanupTestCase()
{
    stopServer();
}

void TestDatabaseOutage::init()
{
    m_payments.reset();
    m_payments.answerAtOnce(PaymentOutcome::Approved);
    resetData();
    m_token = signIn(u"john.doe@example.com"_s, &m_refreshToken);
    QVERIFY(!m_token.isEmpty());
    m_eventId = fixtures().eventIdByTitle(u"Business Summit"_s);
    QVERIFY(!m_eventId.isEmpty());
}

void TestDatabaseOutage::cleanup()
{
    // A failed test leaves no outage behind for the next one.
    cluster().thaw();
    if (m_stopped)
        startDatabase();
    QVERIFY(waitForService() >= 0);
}

TestDatabaseOutage::Timed TestDatabaseOutage::timed(const QByteArray &method, const QString &path,
                                                    const QByteArray &body, const QString &token)
{
    QElapsedTimer clock;
    clock.start();
    Timed timed;
    timed.result
        = TestClient::finish(client().start(method, path, body, TestClient::bearer(token)), 20000);
    timed.ms = clock.elapsed();
    return timed;
}

QString TestDatabaseOutage::signIn(const QString &email, QString *refreshToken)
{
    const HttpResult result = client().post(
        u"/api/auth/login"_s, {{"email"_L1, email}, {"password"_L1, u"Password123"_s}});
    if (refreshToken)
        *refreshToken = result.object()["refreshToken"_L1].toString();
    return result.object()["accessToken"_L1].toString();
}

void TestDatabaseOutage::stopDatabase()
{
    cluster().stop();
    m_stopped = true;
}

void TestDatabaseOutage::startDatabase()
{
    QVERIFY2(cluster().start(), qPrintable(cluster().error()));
    m_stopped = false;
    reopenFixtures();
}

qint64 TestDatabaseOutage::waitForService(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (timed("GET"_ba, u"/api/events"_s).result.status == 200)
            return clock.elapsed();
        QTest::qWait(20);
    }
    return -1;
}

void TestDatabaseOutage::checkEveryRouteFailsFast(const char *outage)
{
    const auto json = [](const QJsonObject &object) {
        return QJsonDocument(object).toJson();
    };
    const QString unknownBooking = u"/api/bookings/00000000-0000-4000-8000-000000000000"_s;
    const QList<std::tuple<QByteArray, QString, QByteArray, QString>> routes{
        {"GET"_ba, u"/api/events"_s, {}, {}},
        {"GET"_ba, u"/api/events/"_s + m_eventId, {}, {}},
        {"POST"_ba,
         u"/api/auth/login"_s,
         json({{"email"_L1, u"jane.smith@example.com"_s}, {"password"_L1, u"Password123"_s}}),
         {}},
        {"POST"_ba,
         u"/api/auth/register"_s,
         json({{"email"_L1, u"new.buyer@example.com"_s},
               {"password"_L1, u"Password123"_s},
               {"name"_L1, u"New Buyer"_s}}),
         {}},
        {"POST"_ba, u"/api/auth/refresh"_s, json({{"refreshToken"_L1, m_refreshToken}}), {}},
        {"GET"_ba, u"/api/auth/me"_s, {}, m_token},
        {"POST"_ba, u"/api/bookings"_s, json({{"eventId"_L1, m_eventId}}), m_token},
        {"GET"_ba, u"/api/bookings"_s, {}, m_token},
        {"GET"_ba, unknownBooking, {}, m_token},
        {"DELETE"_ba, unknownBooking, {}, m_token},
        {"GET"_ba, u"/api/health"_s, {}, {}},
        {"GET"_ba, u"/api/ready"_s, {}, {}},
    };
    for (int round = 1; round <= 2; ++round) {
        for (const auto &[method, path, body, token] : routes) {
            const Timed answer = timed(method, path, body, token);
            const QByteArray what = QByteArray(outage) + ", round " + QByteArray::number(round)
                + ": " + method + ' ' + path.toLatin1() + " -> "
                + QByteArray::number(answer.result.status) + " in " + QByteArray::number(answer.ms)
                + " ms " + answer.result.body.left(120);
            qInfo("%s", what.constData());
            QVERIFY2(answer.ms < 3000, what.constData());
            QVERIFY2(answer.result.status == 503, what.constData());
            QVERIFY2(answer.result.errorCode() == u"SERVICE_UNAVAILABLE", what.constData());
            QVERIFY2(answer.result.header("Retry-After").toInt() >= 1, what.constData());
            if (path == u"/api/health" || path == u"/api/ready")
                QVERIFY2(answer.result.object()["database"_L1].toString() == u"down",
                         what.constData());
        }
    }
}

void TestDatabaseOutage::everyRouteFailsFastWhileStopped()
{
    stopDatabase();
    checkEveryRouteFailsFast("stopped");
    QCOMPARE(database().breaker().state(), CircuitBreaker::State::Open);
}

void TestDatabaseOutage::openBreakerSparesTheDatabase()
{
    const qint64 openedBefore = database().breaker().timesOpened();
    stopDatabase();
    // A few connections refused in a row open the breaker.
    for (int i = 0; i < 5 && database().breaker().state() == CircuitBreaker::State::Closed; ++i)
        QCOMPARE(timed("GET"_ba, u"/api/events"_s).result.status, 503);
    QCOMPARE(database().breaker().state(), CircuitBreaker::State::Open);

    const qint64 attempts = database().connectAttempts();
    const qint64 refusals = database().breaker().refusals();
    QElapsedTimer clock;
    clock.start();
    int requests = 0;
    while (clock.elapsed() < 2500) {
        const Timed answer = timed("GET"_ba, u"/api/events/"_s + m_eventId);
        QCOMPARE(answer.result.status, 503);
        QVERIFY2(answer.ms < 3000, qPrintable(QString::number(answer.ms)));
        ++requests;
        QTest::qWait(5);
    }
    const qint64 tried = database().connectAttempts() - attempts;
    qInfo("%d requests in %lld ms with the breaker open: %lld connection attempts", requests,
          clock.elapsed(), tried);
    QVERIFY(requests >= 50);
    // One probe per cool-down (1 s) at most, however many requests.
    QVERIFY2(tried <= 3, qPrintable(QString::number(tried)));
    QVERIFY(database().breaker().refusals() - refusals >= requests - 3);
    QCOMPARE(database().breaker().timesOpened(), openedBefore + 1);
}

void TestDatabaseOutage::serviceResumesAfterARestart()
{
    stopDatabase();
    QCOMPARE(timed("GET"_ba, u"/api/events"_s).result.status, 503);
    QTest::qWait(1500); // long enough for a probe or two to fail
    QCOMPARE(timed("GET"_ba, u"/api/ready"_s).result.status, 503);
    startDatabase();
    const qint64 resumed = waitForService();
    qInfo("serving again %lld ms after PostgreSQL came back", resumed);
    QVERIFY2(resumed >= 0 && resumed < 5000, qPrintable(QString::number(resumed)));
    // The same server, no restart: every route works again.
    QCOMPARE(timed("GET"_ba, u"/api/ready"_s).result.status, 200);
    QCOMPARE(timed("GET"_ba, u"/api/health"_s).result.status, 200);
    QVERIFY(!signIn(u"jane.smith@example.com"_s).isEmpty());
    QCOMPARE(timed("GET"_ba, u"/api/bookings"_s, {}, m_token).result.status, 200);
    QCOMPARE(database().breaker().state(), CircuitBreaker::State::Closed);
}

void TestDatabaseOutage::everyRouteFailsFastWhileHung()
{
    // Every pooled connection is open, and now waits on a server that never answers.
    QVERIFY(cluster().freeze(TestCluster::Freeze::Everything));
    checkEveryRouteFailsFast("hung");
    QVERIFY(database().hangsSeen() >= 1);
    cluster().thaw();
    const qint64 resumed = waitForService();
    qInfo("serving again %lld ms after PostgreSQL woke", resumed);
    QVERIFY2(resumed >= 0 && resumed < 5000, qPrintable(QString::number(resumed)));
}

void TestDatabaseOutage::hangingConnectsAreGivenUp()
{
    // No open connection left: every request must connect, and the postmaster never answers.
    database().close();
    QCOMPARE(database().connectionsIdle(), 0);
    QVERIFY(cluster().freeze(TestCluster::Freeze::Postmaster));
    std::vector<std::unique_ptr<TestClient>> clients;
    QList<QNetworkReply *> replies;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 12; ++i) {
        clients.push_back(newClient());
        replies.append(clients.back()->start("GET"_ba, u"/api/events/"_s + m_eventId, {}));
    }
    for (QNetworkReply *reply : std::as_const(replies)) {
        const HttpResult result = TestClient::finish(reply, 20000);
        const qint64 elapsed = clock.elapsed();
        qInfo("connect hangs: %d after %lld ms", result.status, elapsed);
        QCOMPARE(result.status, 503);
        QVERIFY(!result.header("Retry-After").isEmpty());
        QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
    }
    cluster().thaw();
    const qint64 resumed = waitForService();
    qInfo("serving again %lld ms after the postmaster woke", resumed);
    QVERIFY2(resumed >= 0 && resumed < 5000, qPrintable(QString::number(resumed)));
}

void TestDatabaseOutage::bookingsSurviveTheOutage()
{
    const auto book = [this](const QString &token) {
        return timed("POST"_ba, u"/api/bookings"_s,
                     QJsonDocument(QJsonObject{{"eventId"_L1, m_eventId}}).toJson(), token)
            .result;
    };
    const QString janeToken = signIn(u"jane.smith@example.com"_s);
    const HttpResult before = book(m_token);
    QCOMPARE(before.status, 201);
    const int remaining = fixtures().remainingTickets(m_eventId);

    stopDatabase();
    const HttpResult during = book(janeToken);
    QCOMPARE(during.status, 503);
    QCOMPARE(during.errorCode(), u"SERVICE_UNAVAILABLE"_s);
    startDatabase();
    QVERIFY(waitForService() >= 0);

    // The buyer refused during the outage books now; the one served before keeps one booking.
    const HttpResult after = book(janeToken);
    QCOMPARE(after.status, 201);
    QCOMPARE(book(m_token).errorCode(), u"ALREADY_BOOKED"_s);
    for (const QString &email : {u"john.doe@example.com"_s, u"jane.smith@example.com"_s}) {
        QCOMPARE(fixtures()
                     .scalar(u"SELECT count(*) FROM bookings b JOIN users u ON u.id = b.user_id "
                             u"WHERE u.email = ? AND b.event_id = ?"_s,
                             {email, m_eventId})
                     .toInt(),
                 1);
    }
    QCOMPARE(fixtures().bookingStatus(before.object()["booking"_L1]["id"_L1].toString()),
             u"CONFIRMED"_s);
    QCOMPARE(fixtures().bookingStatus(after.object()["booking"_L1]["id"_L1].toString()),
             u"CONFIRMED"_s);
    QCOMPARE(fixtures().remainingTickets(m_eventId), remaining - 1);
    QCOMPARE(fixtures().remainingTickets(m_eventId) + fixtures().activeBookings(m_eventId),
             fixtures().totalTickets(m_eventId));
}

void TestDatabaseOutage::paymentDuringTheOutageIsConfirmedOnce()
{
    m_payments.answerAtOnce(std::nullopt);
    const qint64 confirmedBefore = server().app().bookingEngine().statistics().confirmed;
    QNetworkReply *reply
        = client().start("POST"_ba, u"/api/bookings"_s,
                         QJsonDocument(QJsonObject{{"eventId"_L1, m_eventId}}).toJson(),
                         TestClient::bearer(m_token));
    // The ticket is held and the payment runs when the database goes away.
    QTRY_COMPARE(m_payments.waiting(), 1);
    const QString bookingId = m_payments.charges().constFirst();
    QCOMPARE(fixtures().bookingStatus(bookingId), u"PENDING"_s);
    stopDatabase();

    QElapsedTimer clock;
    clock.start();
    QVERIFY(m_payments.answer(PaymentOutcome::Approved));
    const HttpResult answer = TestClient::finish(reply, 20000);
    qInfo("paid during the outage: %d after %lld ms", answer.status, clock.elapsed());
    QCOMPARE(answer.status, 503);
    QCOMPARE(answer.errorCode(), u"SERVICE_UNAVAILABLE"_s);
    QVERIFY(!answer.header("Retry-After").isEmpty());
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));

    // Once the database is back, the paid hold is confirmed: once, without a second charge.
    startDatabase();
    QElapsedTimer resumed;
    resumed.start();
    QTRY_COMPARE_WITH_TIMEOUT(fixtures().bookingStatus(bookingId), u"CONFIRMED"_s, 5000);
    qInfo("confirmed %lld ms after PostgreSQL came back", resumed.elapsed());
    QTRY_COMPARE(server().app().bookingEngine().inFlight(), 0);
    QCOMPARE(server().app().bookingEngine().statistics().confirmed, confirmedBefore + 1);
    QCOMPARE(m_payments.charges(), QStringList{bookingId});
    QVERIFY(m_payments.refunds().isEmpty());
    QCOMPARE(fixtures()
                 .scalar(u"SELECT count(*) FROM bookings b JOIN users u ON u.id = b.user_id "
                         u"WHERE u.email = 'john.doe@example.com' AND b.event_id = ?"_s,
                         {m_eventId})
                 .toInt(),
             1);
    QCOMPARE(fixtures().remainingTickets(m_eventId) + fixtures().activeBookings(m_eventId),
             fixtures().totalTickets(m_eventId));
    // The buyer sees it among their bookings, and cannot book the event again.
    const QJsonArray mine = timed("GET"_ba, u"/api/bookings"_s, {}, m_token).result.array();
    QCOMPARE(mine.size(), 1);
    QCOMPARE(mine.first()["status"_L1].toString(), u"CONFIRMED"_s);
}

void TestDatabaseOutage::outageIsLoggedOnceNotPerRequest()
{
    LogCounter log;
    stopDatabase();
    for (int i = 0; i < 40; ++i) {
        QCOMPARE(timed("GET"_ba, i % 2 ? u"/api/events"_s : u"/api/bookings"_s, {}, m_token)
                     .result.status,
                 503);
    }
    startDatabase();
    QVERIFY(waitForService() >= 0);
    QCOMPARE(log.count(QtWarningMsg, u"booking.server.storage"_s, u"database unreachable"_s), 1);
    // ctest turns the server's infos off.
    if (lcStorage().isInfoEnabled())
        QCOMPARE(log.count(QtInfoMsg, u"booking.server.storage"_s, u"database reachable again"_s),
                 1);
    // Nothing else of the storage layer warns, and nobody warns once per request.
    QCOMPARE(log.count(QtWarningMsg, u"booking.server.storage"_s)
                 - log.count(QtWarningMsg, u"booking.server.storage.listener"_s),
             1);
    QVERIFY2(log.count(QtWarningMsg, {}) < 10,
             qPrintable(QString::number(log.count(QtWarningMsg, {}))));
}

QTEST_GUILESS_MAIN(TestDatabaseOutage)
#include "tst_databaseoutage.moc"
