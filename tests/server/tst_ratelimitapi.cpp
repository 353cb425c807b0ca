#include "apitestcase.h"

using namespace Qt::StringLiterals;

//! Password guessing is throttled per client address (AUTH_RATE_LIMIT).
class TestRateLimitApi final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        startServer([](Config &config) { config.authAttemptsPerMinute = 3; });
    }
    void cleanupTestCase() { stopServer(); }

    void guessingIsThrottled();
    void otherRoutesAreNotThrottled();
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

QTEST_GUILESS_MAIN(TestRateLimitApi)
#include "tst_ratelimitapi.moc"
