#pragma once

#include "common/booking.h"
#include "common/result.h"
#include "holdreleaser.h"
#include "paymentgateway.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

class BookingRepository;
class Clock;
class Database;
class EventRepository;

//! The booking engine: how a ticket is sold without holding a lock while money moves.
//!
//! 1. Reserve: one short transaction locks the event row, takes tickets and inserts the
//!    bookings as PENDING holds that expire. Buyers of one event queue here and are reserved
//!    in batches (one transaction for up to `maxBatch` of them, each answered on its own), so
//!    a crowd for one event costs a few transactions instead of one each.
//! 2. Pay: PaymentGateway::charge(), exactly once per booking, outside any transaction and
//!    holding no thread or connection. The transaction retries never run it again.
//! 3. Settle: one short transaction per batch confirms the approved holds that are still
//!    PENDING and unexpired, and releases the declined ones (FAILED, ticket back). A hold lost
//!    meanwhile (expired, cancelled) is answered HOLD_EXPIRED and its payment refunded.
//!    Settling is idempotent, so it is tried again until the database is back; a buyer whose
//!    settlement fails twice in a row is answered SERVICE_UNAVAILABLE meanwhile.
//!
//! An expiry sweeper releases holds past their time (EXPIRED, ticket back), in every instance:
//! a crash mid-payment loses no ticket. Lives on the HTTP thread; blocking work runs on the
//! database pool.
class BookingEngine final : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        std::chrono::milliseconds holdTtl{std::chrono::minutes(10)};
        //! Buyers reserved (or holds settled) in one transaction at most.
        int maxBatch = 64;
        //! How often the sweeper looks for expired holds (0: only when asked).
        std::chrono::milliseconds sweepInterval{std::chrono::seconds(5)};
        //! Beyond these, buyers are answered 503 at once rather than queued without end.
        int maxWaitingPerEvent = 10000;
        int maxInFlight = 50000;
        //! Told, on the engine's thread, when a reservation has taken tickets of an event or a
        //! settlement has given some back, before any buyer hears of it (the event cache drops
        //! what it showed of the event, so that the buyer's next look shows the change).
        std::function<void(const QString &eventId)> ticketsChanged;
    };

    //! When book() answers: after the payment (the seed's behaviour: CONFIRMED or an error),
    //! or as soon as the ticket is held (PENDING), the payment going on without a listener.
    enum class Answer { AfterPayment, AfterReserve };
    using Done = std::function<void(Result<BookingConfirmation>)>;

    //! Counters for tests, benchmarks and metrics.
    struct Statistics
    {
        qint64 reserveTransactions = 0;
        qint64 held = 0;
        qint64 settleTransactions = 0;
        qint64 confirmed = 0;
        qint64 declined = 0;
        qint64 lost = 0; //!< approved, but the hold had expired or been cancelled
        qint64 swept = 0; //!< holds the sweeper released
        qint64 soldOut = 0; //!< buyers answered SOLD_OUT
        qint64 alreadyBooked = 0; //!< buyers answered ALREADY_BOOKED
        qint64 activeHolds = 0; //!< holds of this instance waiting for their payment to settle
    };

    BookingEngine(Database &database, const EventRepository &events,
                  const BookingRepository &bookings, PaymentGateway &payments, const Clock &clock,
                  Settings settings, QObject *parent = nullptr);
    ~BookingEngine() override;

    //! Books one ticket of `eventId` for `userId`; `done` runs once, on this thread. Errors:
    //! EVENT_NOT_FOUND, SOLD_OUT, ALREADY_BOOKED, PAYMENT_FAILED, HOLD_EXPIRED, UNAUTHORIZED
    //! (the user no longer exists), SERVICE_UNAVAILABLE. `stillWanted`, when given, is asked
    //! before reserving: a buyer who has gone away takes no ticket (SERVICE_UNAVAILABLE).
    void book(const QString &userId, const QString &eventId, Answer answer, Done done,
              std::function<bool()> stillWanted = {});

    //! Releases every hold past its expiry now; `done` gets how many.
    void sweepExpiredHolds(std::function<void(Result<int>)> done = {});

    //! Bookings accepted and not yet final (confirmed, refused or failed) in this instance.
    int inFlight() const { return m_inFlight; }
    //! For shutting down without losing a payment's outcome: the sweeper stops, and the
    //! bookings in flight go on until isIdle().
    void beginDrain();
    //! Nothing in flight and no sweep running.
    bool isIdle() const { return m_inFlight == 0 && !m_sweeping; }

    const Statistics &statistics() const { return m_statistics; }
    //! Events with buyers queued or holds settling in this instance.
    int busyEvents() const { return int(m_lines.size()); }

private:
    struct Request;
    struct Hold;
    struct Line;
    struct ReserveOutcome;
    struct SettleOutcome;

    void startReserving(const QString &eventId);
    Result<ReserveOutcome> reserve(const QString &eventId, const QStringList &userIds,
                                   const QStringList &bookingIds) const;
    //! After a failed reservation: which of its holds exist after all (a commit whose answer
    //! was lost).
    Result<ReserveOutcome> recover(const QString &eventId, const QStringList &bookingIds) const;
    void reserved(const QString &eventId, const std::vector<Request> &batch,
                  const Result<ReserveOutcome> &outcome);
    void pay(std::shared_ptr<Hold> hold);
    //! Queues a paid (or declined) hold for the event's next settle batch.
    void queueSettlement(const std::shared_ptr<Hold> &hold);
    void startSettling(const QString &eventId);
    Result<SettleOutcome> settle(const QStringList &approved, const QStringList &declined,
                                 const QDateTime &now) const;
    void settled(const std::vector<std::shared_ptr<Hold>> &batch,
                 const Result<SettleOutcome> &outcome);
    void finish(Hold &hold, Result<BookingConfirmation> result);
    void finish(const Done &done, Result<BookingConfirmation> result);
    //! The queues of an event, made when first needed.
    Line &lineOf(const QString &eventId);
    //! Drops the queues of an event with nothing waiting or running.
    void forgetIdleLine(const QString &eventId);

    Database &m_database;
    const EventRepository &m_events;
    const BookingRepository &m_bookings;
    PaymentGateway &m_payments;
    const Clock &m_clock;
    const Settings m_settings;
    HoldReleaser m_releaser;
    QHash<QString, std::shared_ptr<Line>> m_lines;
    QTimer m_sweepTimer;
    bool m_sweeping = false;
    int m_inFlight = 0;
    Statistics m_statistics;
};
