#pragma once

#include "paymentgateway.h"

#include <QLoggingCategory>

#include <chrono>

Q_DECLARE_LOGGING_CATEGORY(lcPayment)

//! The seed's simulated payment: approves after a fixed delay on a precise timer (a coarse one
//! may fire 5% late), and declines a share of payments when told to (for tests and demos).
class SimulatedPaymentGateway final : public PaymentGateway
{
public:
    //! `declineRate` from 0 (approve all) to 1 (decline all).
    SimulatedPaymentGateway(std::chrono::milliseconds delay, double declineRate);

    void charge(const PaymentRequest &request, QObject *context, Done done) override;
    void refund(const PaymentRequest &request) override;

private:
    std::chrono::milliseconds m_delay;
    double m_declineRate;
};
