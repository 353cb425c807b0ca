#pragma once

#include <QString>

#include <functional>

class QObject;

//! What a payment is for: one held ticket.
struct PaymentRequest
{
    QString bookingId;
    QString userId;
    QString eventId;
};

enum class PaymentOutcome { Approved, Declined };

//! Takes the money for a held ticket. Asynchronous and cheap to wait for: charge() returns at
//! once and the answer comes later on the calling thread's event loop, so a thousand payments
//! in flight hold no thread and no database connection. The booking engine calls charge()
//! exactly once per booking, outside any transaction.
class PaymentGateway
{
public:
    using Done = std::function<void(PaymentOutcome)>;

    virtual ~PaymentGateway() = default;

    //! Charges for `request`; calls `done` once, on this thread, while `context` lives.
    virtual void charge(const PaymentRequest &request, QObject *context, Done done) = 0;
    //! Gives back an approved payment whose hold was lost before it could be confirmed (it
    //! expired or was cancelled meanwhile): the buyer must not pay for a ticket they lack.
    virtual void refund(const PaymentRequest &request) = 0;
};
