#include "manualpaymentgateway.h"

#include <QTimer>

void ManualPaymentGateway::charge(const PaymentRequest &request, QObject *context, Done done)
{
    m_charges.append(request.bookingId);
    if (m_atOnce) {
        // Later, as a real provider answers: never from within charge().
        QTimer::singleShot(0, context,
                           [outcome = *m_atOnce, done = std::move(done)] { done(outcome); });
        return;
    }
    m_waiting.append(Waiting{request, context, std::move(done)});
}

bool ManualPaymentGateway::answer(PaymentOutcome outcome, const QString &bookingId)
{
    for (qsizetype i = 0; i < m_waiting.size(); ++i) {
        if (!bookingId.isEmpty() && m_waiting[i].request.bookingId != bookingId)
            continue;
        Waiting waiting = m_waiting.takeAt(i);
        if (waiting.context)
            waiting.done(outcome);
        return true;
    }
    return false;
}

void ManualPaymentGateway::answerAll(PaymentOutcome outcome)
{
    while (answer(outcome)) { }
}

void ManualPaymentGateway::reset()
{
    m_atOnce.reset();
    m_waiting.clear();
    m_charges.clear();
    m_refunds.clear();
}
