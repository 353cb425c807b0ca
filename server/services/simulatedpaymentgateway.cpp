#include "simulatedpaymentgateway.h"

#include <QRandomGenerator>
#include <QTimer>

Q_LOGGING_CATEGORY(lcPayment, "booking.server.payment", QtInfoMsg)

SimulatedPaymentGateway::SimulatedPaymentGateway(std::chrono::milliseconds delay,
                                                 double declineRate)
    : m_delay(delay)
    , m_declineRate(std::clamp(declineRate, 0.0, 1.0))
{ }

void SimulatedPaymentGateway::charge(const PaymentRequest &, QObject *context, Done done)
{
    // Decided now, so that a rate of 0 or 1 never depends on the generator.
    const bool declined = m_declineRate >= 1.0
        || (m_declineRate > 0.0 && QRandomGenerator::global()->generateDouble() < m_declineRate);
    QTimer::singleShot(m_delay, Qt::PreciseTimer, context, [declined, done = std::move(done)] {
        done(declined ? PaymentOutcome::Declined : PaymentOutcome::Approved);
    });
}

void SimulatedPaymentGateway::refund(const PaymentRequest &request)
{
    qCInfo(lcPayment).noquote() << "refunded the payment of booking" << request.bookingId
                                << "(its hold was lost before the confirmation)";
}
