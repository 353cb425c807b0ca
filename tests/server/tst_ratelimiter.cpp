#include "http/ratelimiter.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestRateLimiter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstThenRefusal();
    void refillsOverTime();
    void clientsAreSeparate();
    void zeroMeansUnlimited();
    void refundGivesBackOneRequest();
    void windowsLongerThanAMinute();
    void memoryIsBoundedUnderAFloodOfKeys();

private:
    qint64 m_now = 1000;
    RateLimiter::MillisecondClock clock()
    {
        return [this] {
            return m_now;
        };
    }
};

void TestRateLimiter::burstThenRefusal()
{
    RateLimiter limiter(6, clock());
    for (int i = 0; i < 6; ++i)
        QCOMPARE(limiter.acquire(u"a"_s), 0);
    // Six per minute: the next token comes in ten seconds.
    QCOMPARE(limiter.acquire(u"a"_s), 10);
}

void TestRateLimiter::refillsOverTime()
{
    RateLimiter limiter(6, clock());
    for (int i = 0; i < 6; ++i)
        QCOMPARE(limiter.acquire(u"a"_s), 0);
    m_now += 4000;
    QCOMPARE(limiter.acquire(u"a"_s), 6);
    m_now += 6000;
    QCOMPARE(limiter.acquire(u"a"_s), 0);
    QVERIFY(limiter.acquire(u"a"_s) > 0);
    m_now += 120000; // idle for two minutes: the whole burst again
    for (int i = 0; i < 6; ++i)
        QCOMPARE(limiter.acquire(u"a"_s), 0);
}

void TestRateLimiter::clientsAreSeparate()
{
    RateLimiter limiter(1, clock());
    QCOMPARE(limiter.acquire(u"a"_s), 0);
    QVERIFY(limiter.acquire(u"a"_s) > 0);
    QCOMPARE(limiter.acquire(u"b"_s), 0);
}

void TestRateLimiter::zeroMeansUnlimited()
{
    RateLimiter limiter(0, clock());
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(limiter.acquire(u"a"_s), 0);
}

void TestRateLimiter::refundGivesBackOneRequest()
{
    RateLimiter limiter(2, clock());
    QCOMPARE(limiter.acquire(u"a"_s), 0);
    QCOMPARE(limiter.acquire(u"a"_s), 0);
    limiter.refund(u"a"_s);
    QCOMPARE(limiter.acquire(u"a"_s), 0);
    QVERIFY(limiter.acquire(u"a"_s) > 0);
}

void TestRateLimiter::windowsLongerThanAMinute()
{
    // Ten failures per 15 minutes: one comes back every 90 s.
    RateLimiter limiter({"login-failures", 10, std::chrono::minutes(15)}, clock());
    for (int i = 0; i < 10; ++i)
        QCOMPARE(limiter.acquire(u"a"_s), 0);
    QCOMPARE(limiter.acquire(u"a"_s), 90);
    m_now += 61000; // idle for more than a minute is not enough
    QCOMPARE(limiter.acquire(u"a"_s), 29);
    const HttpReply refusal = limiter.refusal(29, u"wait"_s);
    QCOMPARE(refusal.status, 429);
    QVERIFY(refusal.headers.contains({"RateLimit-Policy"_ba, "\"login-failures\";q=10;w=900"_ba}));
    QVERIFY(refusal.headers.contains({"RateLimit"_ba, "\"login-failures\";r=0;t=29"_ba}));
    QVERIFY(refusal.headers.contains({"Retry-After"_ba, "29"_ba}));
}

void TestRateLimiter::memoryIsBoundedUnderAFloodOfKeys()
{
    RateLimiter limiter({"auth", 5, std::chrono::minutes(1)}, clock(), 1000);
    for (int i = 0; i < 20000; ++i) {
        QCOMPARE(limiter.acquire(u"key %1"_s.arg(i)), 0);
        m_now += 1;
        QVERIFY(limiter.trackedKeys() <= 1000);
    }
    // Idle keys are forgotten altogether once their window has passed.
    m_now += 120000;
    limiter.acquire(u"last"_s);
    QCOMPARE(limiter.trackedKeys(), 1);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
