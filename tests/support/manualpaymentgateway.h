#pragma once

#include "services/paymentgateway.h"

#include <QList>
#include <QPointer>

//! A payment provider the test drives: every charge waits until the test approves or declines
//! it (or answers at once when told to), and every charge and refund is counted.
class ManualPaymentGateway final : public PaymentGateway
{
public:
    //! Answer every charge at once with `outcome` instead of waiting (nullopt: wait).
    void answerAtOnce(std::optional<PaymentOutcome> outcome) { m_atOnce = outcome; }

    void charge(const PaymentRequest &request, QObject *context, Done done) override;
    void refund(const PaymentRequest &request) override { m_refunds.append(request); }

    //! Charges not answered yet, oldest first.
    int waiting() const { return int(m_waiting.size()); }
    //! Answers the oldest waiting charge (of `bookingId`, when given); false if none.
    bool answer(PaymentOutcome outcome, const QString &bookingId = {});
    //! Answers every waiting charge.
    void answerAll(PaymentOutcome outcome);

    //! Every charge ever asked for, by booking id, in order.
    QStringList charges() const { return m_charges; }
    QList<PaymentRequest> refunds() const { return m_refunds; }
    void reset();

private:
    struct Waiting
    {
        PaymentRequest request;
        QPointer<QObject> context;
        Done done;
    };

    std::optional<PaymentOutcome> m_atOnce;
    QList<Waiting> m_waiting;
    QStringList m_charges;
    QList<PaymentRequest> m_refunds;
};
