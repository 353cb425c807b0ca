#include "apitestcase.h"
#include "rawconnection.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

//! As a client behind the trusted proxy (the test client) at `address`.
Headers from(const QByteArray &address)
{
    return {{"Content-Type"_ba, "application/json"_ba}, {"X-Forwarded-For"_ba, address}};
}

QByteArray loginBody(const QString &email, const QString &password)
{
    return QJsonDocument(QJsonObject{{"email"_L1, email}, {"password"_L1, password}})
        .toJson(QJsonDocument::Compact);
}

//! Retry-After is at most `window` seconds and RateLimit says the same (the bucket refills
//! while slow sign-ins run, so the exact figure depends on the machine's speed).
void verifyWait(const HttpResult &result, const QByteArray &policy, int atMost)
{
    bool ok = false;
    const int wait = result.header("Retry-After").toInt(&ok);
    QVERIFY2(ok && wait >= 1 && wait <= atMost, result.header("Retry-After").constData());
    QCOMPARE(result.header("RateLimit"), '"' + policy + "\";r=0;t=" + QByteArray::number(wait));
}

} // namespace

//! Password guessing is throttled per client address (AUTH_RATE_LIMIT) and per submitted email
//! (LOGIN_FAILURE_LIMIT); bookings per user (BOOKING_RATE_LIMIT).
class TestRateLimitApi final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The test client stands for a reverse proxy on loopback.
        startServer([](Config &config) {
            config.authAttemptsPerMinute = 3;
            config.loginFailuresPerWindow = 5;
            config.bookingRequestsPerMinute = 3;
            config.maxConnectionsPerAddress = 2;
            config.trustedProxies = {{QHostAddress(QHostAddress::LocalHost), 32}};
        });
    }
    void cleanupTestCase() { stopServer(); }

    void guessingIsThrottled();
    void otherRoutesAreNotThrottled();
    void behindATrustedProxyEachClientHasItsOwnBudget();
    void ipv6ClientsAreCountedPerSlash64();
    void failedSignInsAreLimitedPerEmail_data();
    void failedSignInsAreLimitedPerEmail();
    void successfulSignInsDoNotCount();
    void bookingRequestsAreLimitedPerUser();
    void aTrustedProxyIsNotCappedPerAddress();
};

void TestRateLimitApi::guessingIsThrottled()
{
    const QJsonObject guess{{"email"_L1, u"john.doe@example.com"_s},
                            {"password"_L1, u"Guess12345"_s}};
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client().post(u"/api/auth/login"_s, guess).status, 401);
    const HttpResult throttled = client().post(u"/api/auth/login"_s, guess);
    QCOMPARE(throttled.status, 429);
    QCOMPARE(throttled.errorCode(), u"RATE_LIMITED"_s);
    QCOMPARE(throttled.object()["error"_L1].toString(), u"Too Many Requests"_s);
    verifyWait(throttled, "auth", 20);
    QCOMPARE(throttled.header("RateLimit-Policy"), "\"auth\";q=3;w=60"_ba);
    // Even the right password waits: registering and refreshing share the budget.
    QCOMPARE(client()
                 .post(u"/api/auth/login"_s,
                       {{"email"_L1, u"john.doe@example.com"_s}, {"password"_L1, u"Password123"_s}})
                 .status,
             429);
    QCOMPARE(client().post(u"/api/auth/register"_s, {}).status, 429);
    QCOMPARE(client().post(u"/api/auth/refresh"_s, {}).status, 429);
}

void TestRateLimitApi::otherRoutesAreNotThrottled()
{
    for (int i = 0; i < 10; ++i)
        QCOMPARE(client().get(u"/api/events"_s).status, 200);
}

void TestRateLimitApi::behindATrustedProxyEachClientHasItsOwnBudget()
{
    const QByteArray guess = R"({"email": "jane.smith@example.com", "password": "Guess12345"})";
    const auto from = [](const QByteArray &forwardedFor) {
        return QList<QPair<QByteArray, QByteArray>>{{"Content-Type"_ba, "application/json"_ba},
                                                    {"X-Forwarded-For"_ba, forwardedFor}};
    };
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client().send("POST"_ba, u"/api/auth/login"_s, guess, from("198.51.100.1")).status,
                 401);
    QCOMPARE(client().send("POST"_ba, u"/api/auth/login"_s, guess, from("198.51.100.1")).status,
             429);
    // Another client behind the same proxy is not held back by the first...
    QCOMPARE(client().send("POST"_ba, u"/api/auth/login"_s, guess, from("198.51.100.2")).status,
             401);
    // ...and the first cannot slip out by claiming another address in front of its own.
    QCOMPARE(client()
                 .send("POST"_ba, u"/api/auth/login"_s, guess, from("203.0.113.77, 198.51.100.1"))
                 .status,
             429);
}

void TestRateLimitApi::ipv6ClientsAreCountedPerSlash64()
{
    const QByteArray guess = loginBody(u"nobody6@example.com"_s, u"Guess12345"_s);
    // Three addresses of one /64 share one budget; another /64 has its own.
    const QList<QByteArray> sameNetwork{"2001:db8:1:2::1"_ba, "2001:db8:1:2::2"_ba,
                                        "2001:db8:1:2:ff::"_ba};
    for (const QByteArray &address : sameNetwork)
        QCOMPARE(client().send("POST"_ba, u"/api/auth/login"_s, guess, from(address)).status, 401);
    QCOMPARE(
        client().send("POST"_ba, u"/api/auth/login"_s, guess, from("2001:db8:1:2:abcd::9")).status,
        429);
    QCOMPARE(client().send("POST"_ba, u"/api/auth/login"_s, guess, from("2001:db8:1:3::1")).status,
             401);
}

void TestRateLimitApi::failedSignInsAreLimitedPerEmail_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<bool>("exists");
    QTest::newRow("an account") << u"victim@example.com"_s << true;
    QTest::newRow("no account") << u"ghost@example.com"_s << false;
}

void TestRateLimitApi::failedSignInsAreLimitedPerEmail()
{
    QFETCH(QString, email);
    QFETCH(bool, exists);
    static int network = 10;
    ++network;
    const auto address = [](int host) {
        return QByteArray("198.51." + QByteArray::number(network) + '.' + QByteArray::number(host));
    };
    if (exists) {
        const HttpResult registered
            = client().send("POST"_ba, u"/api/auth/register"_s,
                            QJsonDocument(QJsonObject{{"email"_L1, email},
                                                      {"password"_L1, u"Password123"_s},
                                                      {"name"_L1, u"Victim"_s}})
                                .toJson(),
                            from(address(200)));
        QCOMPARE(registered.status, 201);
    }
    // Five guesses, each from its own address (no address is near its own limit)...
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(client()
                     .send("POST"_ba, u"/api/auth/login"_s,
                           loginBody(email, u"Guess%1xyz"_s.arg(i)), from(address(i + 1)))
                     .status,
                 401);
    }
    // ...and the sixth is refused before the password is checked, account or not, whatever
    // the case and spaces of the email: nothing tells which emails exist.
    const HttpResult refused
        = client().send("POST"_ba, u"/api/auth/login"_s,
                        loginBody(u"  "_s + email.toUpper(), u"Password123"_s), from(address(50)));
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.errorCode(), u"RATE_LIMITED"_s);
    verifyWait(refused, "login-failures", 180);
    QCOMPARE(refused.header("RateLimit-Policy"), "\"login-failures\";q=5;w=900"_ba);
    // Another email is not held back.
    QCOMPARE(client()
                 .send("POST"_ba, u"/api/auth/login"_s,
                       loginBody(u"john.doe@example.com"_s, u"Password123"_s), from(address(51)))
                 .status,
             200);
}

void TestRateLimitApi::successfulSignInsDoNotCount()
{
    const QString email = u"regular@example.com"_s;
    QCOMPARE(client()
                 .send("POST"_ba, u"/api/auth/register"_s,
                       QJsonDocument(QJsonObject{{"email"_L1, email},
                                                 {"password"_L1, u"Password123"_s},
                                                 {"name"_L1, u"Regular"_s}})
                           .toJson(),
                       from("192.0.2.100"))
                 .status,
             201);
    const auto attempt = [&](const QString &password, int host) {
        return client()
            .send("POST"_ba, u"/api/auth/login"_s, loginBody(email, password),
                  from("192.0.2." + QByteArray::number(host)))
            .status;
    };
    for (int i = 0; i < 4; ++i)
        QCOMPARE(attempt(u"Typo12345"_s, i + 1), 401);
    QCOMPARE(attempt(u"Password123"_s, 10), 200);
    QCOMPARE(attempt(u"Typo12345"_s, 11), 401); // the fifth failure
    QCOMPARE(attempt(u"Password123"_s, 12), 429);
}

void TestRateLimitApi::bookingRequestsAreLimitedPerUser()
{
    const auto signIn = [this](const QString &email, const QByteArray &address) {
        return client()
            .send("POST"_ba, u"/api/auth/login"_s, loginBody(email, u"Password123"_s),
                  from(address))
            .object()
            .value("accessToken"_L1)
            .toString();
    };
    const QString greedy = signIn(u"john.doe@example.com"_s, "203.0.113.1");
    const QString other = signIn(u"jane.smith@example.com"_s, "203.0.113.2");
    QVERIFY(!greedy.isEmpty() && !other.isEmpty());
    const QJsonObject body{{"eventId"_L1, u"not-a-uuid"_s}};
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client().post(u"/api/bookings"_s, body, greedy).status, 400);
    const HttpResult refused = client().post(u"/api/bookings"_s, body, greedy);
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.header("RateLimit-Policy"), "\"bookings\";q=3;w=60"_ba);
    verifyWait(refused, "bookings", 20);
    QCOMPARE(client().del(u"/api/bookings/00000000-0000-0000-0000-000000000000"_s, greedy).status,
             429);
    // Reading is not limited; another user is not held back.
    QCOMPARE(client().get(u"/api/bookings"_s, greedy).status, 200);
    QCOMPARE(client().post(u"/api/bookings"_s, body, other).status, 400);
}

void TestRateLimitApi::aTrustedProxyIsNotCappedPerAddress()
{
    // The proxy (loopback here) speaks for many clients: its connections count in the total
    // only. Anyone else has the per-address cap (2 here).
    std::vector<std::unique_ptr<RawConnection>> viaProxy;
    for (int i = 0; i < 5; ++i) {
        viaProxy.push_back(std::make_unique<RawConnection>(server().port()));
        viaProxy.back()->send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"_ba);
    }
    for (const auto &connection : viaProxy)
        QVERIFY2(connection->readResponse(3000).startsWith("HTTP/1.1 200"),
                 connection->received().constData());
    const QHostAddress direct(u"127.0.0.2"_s);
    RawConnection first(server().port(), direct);
    RawConnection second(server().port(), direct);
    QTest::qWait(50);
    RawConnection third(server().port(), direct);
    QVERIFY(third.waitForClose(3000));
    QVERIFY2(third.received().startsWith("HTTP/1.1 503"), third.received().constData());
}

QTEST_GUILESS_MAIN(TestRateLimitApi)
#include "tst_ratelimitapi.moc"
