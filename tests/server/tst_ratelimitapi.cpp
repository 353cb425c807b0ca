#include "apitestcase.h"

using namespace Qt::StringLiterals;

//! Password guessing is throttled per client address (AUTH_RATE_LIMIT).
class TestRateLimitApi final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The test client stands for a reverse proxy on loopback.
        startServer([](Config &config) {
            config.authAttemptsPerMinute = 3;
            config.trustedProxies = {{QHostAddress(QHostAddress::LocalHost), 32}};
        });
    }
    void cleanupTestCase() { stopServer(); }

    void guessingIsThrottled();
    void otherRoutesAreNotThrottled();
    void behindATrustedProxyEachClientHasItsOwnBudget();
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
    QCOMPARE(throttled.header("Retry-After"), "20"_ba);
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

QTEST_GUILESS_MAIN(TestRateLimitApi)
#include "tst_ratelimitapi.moc"
