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

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
