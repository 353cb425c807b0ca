#include "services/simulatedpaymentgateway.h"

#include <QElapsedTimer>
#include <QTest>

using namespace std::chrono_literals;

//! The simulated payment: a precise delay, a share of declines, no answer to a context gone.
class TestPaymentGateway final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersAfterTheDelayNotBefore();
    void declineRateDecides_data();
    void declineRateDecides();
    void aShareIsDeclined();
    void noAnswerOnceTheContextIsGone();
};

void TestPaymentGateway::answersAfterTheDelayNotBefore()
{
    SimulatedPaymentGateway gateway(150ms, 0);
    QElapsedTimer elapsed;
    elapsed.start();
    std::optional<PaymentOutcome> outcome;
    gateway.charge({}, this, [&](PaymentOutcome answer) { outcome = answer; });
    QVERIFY(!outcome);
    QTRY_VERIFY(outcome.has_value());
    QVERIFY2(elapsed.elapsed() >= 150, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(*outcome, PaymentOutcome::Approved);
}

void TestPaymentGateway::declineRateDecides_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("outcome");
    QTest::newRow("nothing declined") << 0.0 << int(PaymentOutcome::Approved);
    QTest::newRow("everything declined") << 1.0 << int(PaymentOutcome::Declined);
}

void TestPaymentGateway::declineRateDecides()
{
    QFETCH(double, rate);
    QFETCH(int, outcome);
    SimulatedPaymentGateway gateway(0ms, rate);
    QList<PaymentOutcome> outcomes;
    for (int i = 0; i < 50; ++i)
        gateway.charge({}, this, [&](PaymentOutcome answer) { outcomes.append(answer); });
    QTRY_COMPARE(outcomes.size(), 50);
    QCOMPARE(outcomes.count(PaymentOutcome(outcome)), 50);
}

void TestPaymentGateway::aShareIsDeclined()
{
    SimulatedPaymentGateway gateway(0ms, 0.5);
    QList<PaymentOutcome> outcomes;
    for (int i = 0; i < 400; ++i)
        gateway.charge({}, this, [&](PaymentOutcome answer) { outcomes.append(answer); });
    QTRY_COMPARE(outcomes.size(), 400);
    const auto declined = outcomes.count(PaymentOutcome::Declined);
    QVERIFY2(declined > 120 && declined < 280, qPrintable(QString::number(declined)));
}

void TestPaymentGateway::noAnswerOnceTheContextIsGone()
{
    SimulatedPaymentGateway gateway(20ms, 0);
    bool answered = false;
    {
        QObject context;
        gateway.charge({}, &context, [&](PaymentOutcome) { answered = true; });
    }
    QTest::qWait(100);
    QVERIFY(!answered);
}

QTEST_GUILESS_MAIN(TestPaymentGateway)
#include "tst_paymentgateway.moc"
