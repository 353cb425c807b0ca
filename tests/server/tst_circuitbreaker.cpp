#include "storage/circuitbreaker.h"

#include <QAtomicInt>
#include <QSemaphore>
#include <QTest>
#include <QThread>

using namespace std::chrono_literals;

namespace {

using Admission = CircuitBreaker::Admission;
using Change = CircuitBreaker::Change;
using State = CircuitBreaker::State;

CircuitBreakerSettings settings()
{
    return CircuitBreakerSettings{3, 1000ms, 10000ms};
}

} // namespace

//! The circuit breaker in front of the database, on a clock the test moves.
class TestCircuitBreaker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void staysClosedBelowTheThreshold();
    void aSuccessResetsTheCount();
    void opensAtTheThresholdAndRefuses();
    void letsOneProbeThroughAfterTheCoolDown();
    void successfulProbeCloses();
    void failedProbeReopensForAnotherCoolDown();
    void lostProbeIsReplacedAfterItsTimeout();
    void tripOpensAtOnce();
    void oneProbeAmongManyThreads();

private:
    std::unique_ptr<CircuitBreaker> m_breaker;
    qint64 m_now = 0;
};

void TestCircuitBreaker::init()
{
    m_now = 1000000;
    m_breaker = std::make_unique<CircuitBreaker>(settings(), [this] { return m_now; });
}

void TestCircuitBreaker::staysClosedBelowTheThreshold()
{
    QCOMPARE(m_breaker->recordFailure(), Change::None);
    QCOMPARE(m_breaker->recordFailure(), Change::None);
    QCOMPARE(m_breaker->state(), State::Closed);
    QCOMPARE(m_breaker->admit(), Admission::Admitted);
    QCOMPARE(m_breaker->timesOpened(), 0);
}

void TestCircuitBreaker::aSuccessResetsTheCount()
{
    m_breaker->recordFailure();
    m_breaker->recordFailure();
    QCOMPARE(m_breaker->recordSuccess(), Change::None);
    m_breaker->recordFailure();
    m_breaker->recordFailure();
    QCOMPARE(m_breaker->state(), State::Closed);
    QCOMPARE(m_breaker->recordFailure(), Change::Opened);
}

void TestCircuitBreaker::opensAtTheThresholdAndRefuses()
{
    m_breaker->recordFailure();
    m_breaker->recordFailure();
    QCOMPARE(m_breaker->recordFailure(), Change::Opened);
    QCOMPARE(m_breaker->state(), State::Open);
    QCOMPARE(m_breaker->timesOpened(), 1);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(m_breaker->admit(), Admission::Refused);
    QCOMPARE(m_breaker->refusals(), 10);
    QCOMPARE(m_breaker->probes(), 0);
    // Late failures of callers let in before it opened do not extend the cool-down.
    m_now += 900;
    QCOMPARE(m_breaker->recordFailure(), Change::None);
    m_now += 100;
    QCOMPARE(m_breaker->admit(), Admission::Probe);
}

void TestCircuitBreaker::letsOneProbeThroughAfterTheCoolDown()
{
    QCOMPARE(m_breaker->trip(), Change::Opened);
    m_now += 999;
    QCOMPARE(m_breaker->admit(), Admission::Refused);
    m_now += 1;
    QCOMPARE(m_breaker->admit(), Admission::Probe);
    QCOMPARE(m_breaker->state(), State::HalfOpen);
    // While the probe runs, everyone else still fails fast.
    QCOMPARE(m_breaker->admit(), Admission::Refused);
    m_now += 5000;
    QCOMPARE(m_breaker->admit(), Admission::Refused);
    QCOMPARE(m_breaker->probes(), 1);
    QCOMPARE(m_breaker->openForMs(), 6000);
}

void TestCircuitBreaker::successfulProbeCloses()
{
    m_breaker->trip();
    m_now += 1500;
    QCOMPARE(m_breaker->admit(), Admission::Probe);
    QCOMPARE(m_breaker->recordSuccess(), Change::Closed);
    QCOMPARE(m_breaker->state(), State::Closed);
    QCOMPARE(m_breaker->lastOutageMs(), 1500);
    QCOMPARE(m_breaker->openForMs(), 0);
    QCOMPARE(m_breaker->admit(), Admission::Admitted);
    QCOMPARE(m_breaker->admit(), Admission::Admitted);
    // Closed again, it takes the full threshold to open.
    m_breaker->recordFailure();
    m_breaker->recordFailure();
    QCOMPARE(m_breaker->state(), State::Closed);
}

void TestCircuitBreaker::failedProbeReopensForAnotherCoolDown()
{
    m_breaker->trip();
    m_now += 1000;
    QCOMPARE(m_breaker->admit(), Admission::Probe);
    m_now += 2000; // a connection attempt that timed out
    QCOMPARE(m_breaker->recordFailure(), Change::Reopened);
    QCOMPARE(m_breaker->state(), State::Open);
    m_now += 999;
    QCOMPARE(m_breaker->admit(), Admission::Refused);
    m_now += 1;
    QCOMPARE(m_breaker->admit(), Admission::Probe);
    // One outage, however many probes it took.
    QCOMPARE(m_breaker->timesOpened(), 1);
    QCOMPARE(m_breaker->probes(), 2);
}

void TestCircuitBreaker::lostProbeIsReplacedAfterItsTimeout()
{
    m_breaker->trip();
    m_now += 1000;
    QCOMPARE(m_breaker->admit(), Admission::Probe);
    m_now += 9999;
    QCOMPARE(m_breaker->admit(), Admission::Refused);
    m_now += 1;
    QCOMPARE(m_breaker->admit(), Admission::Probe);
}

void TestCircuitBreaker::tripOpensAtOnce()
{
    QCOMPARE(m_breaker->trip(), Change::Opened);
    QCOMPARE(m_breaker->admit(), Admission::Refused);
    QCOMPARE(m_breaker->trip(), Change::None);
    QCOMPARE(m_breaker->timesOpened(), 1);
}

void TestCircuitBreaker::oneProbeAmongManyThreads()
{
    // The real clock: the pool's threads share one breaker.
    CircuitBreaker breaker(CircuitBreakerSettings{1, 50ms, 10000ms});
    QCOMPARE(breaker.recordFailure(), Change::Opened);
    QTest::qWait(60);
    constexpr int threads = 16;
    QSemaphore ready;
    QSemaphore go;
    QAtomicInt probes;
    QAtomicInt refused;
    std::vector<std::unique_ptr<QThread>> workers;
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back(QThread::create([&] {
            ready.release();
            go.acquire();
            for (int round = 0; round < 100; ++round) {
                switch (breaker.admit()) {
                case Admission::Probe:
                    probes.ref();
                    break;
                case Admission::Refused:
                    refused.ref();
                    break;
                case Admission::Admitted:
                    break;
                }
            }
        }));
        workers.back()->start();
    }
    ready.acquire(threads);
    go.release(threads);
    for (auto &worker : workers)
        QVERIFY(worker->wait(10000));
    QCOMPARE(probes.loadRelaxed(), 1);
    QCOMPARE(refused.loadRelaxed(), threads * 100 - 1);
    QCOMPARE(breaker.refusals(), qint64(threads * 100 - 1));
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
