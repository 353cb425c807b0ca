#include "bookingengine.h"

#include "clock.h"
#include "storage/bookingrepository.h"
#include "storage/database.h"
#include "storage/eventrepository.h"

#include <QLoggingCategory>
#include <QSet>
#include <QUuid>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEngine, "booking.server.engine", QtInfoMsg)

namespace {

//! Engine work leaves the pool's queue before reads and sign-ins: a held ticket waits for it.
constexpr int enginePriority = 1;
//! Expired holds released per sweep transaction.
constexpr int sweepChunk = 500;

} // namespace

struct BookingEngine::Request
{
    QString userId;
    QString bookingId; //!< chosen when its batch starts, so that a lost commit can be checked
    Answer answer;
    Done done;
    std::function<bool()> stillWanted;
};

struct BookingEngine::Hold
{
    PaymentRequest payment;
    BookingConfirmation confirmation; //!< as reserved: PENDING
    Done done; //!< empty once answered
    PaymentOutcome outcome = PaymentOutcome::Declined;
    int settleAttempts = 0;
};

struct BookingEngine::Line
{
    std::deque<Request> waiting;
    bool reserving = false;
    std::deque<std::shared_ptr<Hold>> settling;
    bool settlingBusy = false;
    //! A batch is due to start once this turn of the event loop has queued all it brings.
    bool reserveScheduled = false;
    bool settleScheduled = false;
};

struct BookingEngine::ReserveOutcome
{
    //! Found after a failure rather than reserved: requests without a hold were not served.
    bool recovered = false;
    bool eventFound = false;
    QString title;
    int remaining = 0;
    QDateTime version;
    QHash<QString, Booking> holds; //!< by user id
    QSet<QString> alreadyBooked;
    QSet<QString> unknownUsers;

    void setEvent(const Event &event)
    {
        eventFound = true;
        title = event.title;
        remaining = event.remainingTickets;
        version = event.updatedAt;
    }
};

struct BookingEngine::SettleOutcome
{
    QHash<QString, Booking> confirmed; //!< by booking id
    QSet<QString> lost; //!< approved, but no longer PENDING (or expired): not confirmed
};

BookingEngine::BookingEngine(Database &database, const EventRepository &events,
                             const BookingRepository &bookings, PaymentGateway &payments,
                             const Clock &clock, Settings settings, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_events(events)
    , m_bookings(bookings)
    , m_payments(payments)
    , m_clock(clock)
    , m_settings(settings)
    , m_releaser(events, bookings)
{
    if (m_settings.sweepInterval.count() > 0) {
        m_sweepTimer.setInterval(m_settings.sweepInterval);
        connect(&m_sweepTimer, &QTimer::timeout, this, [this] { sweepExpiredHolds(); });
        m_sweepTimer.start();
        // Holds left by an instance that died are released at start, not a period later.
        QTimer::singleShot(0, this, [this] { sweepExpiredHolds(); });
    }
}

BookingEngine::~BookingEngine() = default;

void BookingEngine::book(const QString &userId, const QString &eventId, Answer answer, Done done,
                         std::function<bool()> stillWanted)
{
    Line &line = lineOf(eventId);
    if (int(line.waiting.size()) >= m_settings.maxWaitingPerEvent
        || m_inFlight >= m_settings.maxInFlight) {
        forgetIdleLine(eventId);
        done(Error(ErrorCode::ServiceUnavailable, u"The server is busy, please retry"_s));
        return;
    }
    ++m_inFlight;
    line.waiting.push_back(Request{userId, {}, answer, std::move(done), std::move(stillWanted)});
    startReserving(eventId);
}

void BookingEngine::startReserving(const QString &eventId)
{
    const std::shared_ptr<Line> line = m_lines.value(eventId);
    if (!line || line->reserving || line->waiting.empty())
        return;
    // One batch in flight per event: whoever arrives meanwhile joins the next one.
    std::vector<Request> batch;
    std::vector<Request> sameUserAgain;
    QSet<QString> users;
    while (!line->waiting.empty() && int(batch.size()) < m_settings.maxBatch) {
        Request request = std::move(line->waiting.front());
        line->waiting.pop_front();
        if (request.stillWanted && !request.stillWanted()) {
            finish(request.done, Error(ErrorCode::ServiceUnavailable));
            continue;
        }
        // A second request of one user goes in the next batch, which sees the first's hold.
        if (users.contains(request.userId)) {
            sameUserAgain.push_back(std::move(request));
            continue;
        }
        users.insert(request.userId);
        batch.push_back(std::move(request));
    }
    for (auto it = sameUserAgain.rbegin(); it != sameUserAgain.rend(); ++it)
        line->waiting.push_front(std::move(*it));
    if (batch.empty()) {
        forgetIdleLine(eventId);
        return;
    }

    line->reserving = true;
    QStringList userIds;
    QStringList bookingIds;
    for (Request &request : batch) {
        request.bookingId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        userIds.append(request.userId);
        bookingIds.append(request.bookingId);
    }
    auto shared = std::make_shared<std::vector<Request>>(std::move(batch));
    ++m_statistics.reserveTransactions;
    const auto done = [this, eventId, line, shared](const Result<ReserveOutcome> &outcome) {
        line->reserving = false;
        reserved(eventId, *shared, outcome);
        startReserving(eventId);
        forgetIdleLine(eventId);
    };
    m_database.async<Result<ReserveOutcome>>(
        this,
        [this, eventId, userIds, bookingIds] { return reserve(eventId, userIds, bookingIds); },
        [this, eventId, bookingIds, done](Result<ReserveOutcome> outcome) {
            if (outcome || outcome.error().code != ErrorCode::ServiceUnavailable)
                return done(outcome);
            // The connection may have dropped with the commit's answer: look for the holds
            // before telling anyone they have none.
            m_database.async<Result<ReserveOutcome>>(
                this, [this, eventId, bookingIds] { return recover(eventId, bookingIds); },
                [done, outcome](Result<ReserveOutcome> found) { done(found ? found : outcome); },
                enginePriority);
        },
        enginePriority);
}

Result<BookingEngine::ReserveOutcome> BookingEngine::reserve(const QString &eventId,
                                                             const QStringList &userIds,
                                                             const QStringList &bookingIds) const
{
    // The hold's time starts when the ticket is taken, not when the buyer joined the queue.
    const QDateTime expiresAt = m_clock.now().addMSecs(m_settings.holdTtl.count());
    return m_database.transaction<ReserveOutcome>(
        [&](SqlSession &session) -> Result<ReserveOutcome> {
            ReserveOutcome outcome;
            // The row lock serialises reservations of the event across every instance: each
            // batch sees the count the previous one left.
            auto event = m_events.lock(session, eventId);
            if (!event)
                return event.error();
            if (!event->has_value())
                return outcome;
            outcome.setEvent(**event);
            auto buyers = m_bookings.buyers(session, eventId, userIds);
            if (!buyers)
                return buyers.error();
            // First come, first served: the batch is in arrival order.
            QStringList granted;
            QStringList grantedIds;
            for (qsizetype i = 0; i < userIds.size(); ++i) {
                const auto buyer = buyers->constFind(userIds[i]);
                if (buyer == buyers->cend()) {
                    outcome.unknownUsers.insert(userIds[i]);
                } else if (buyer.value()) {
                    outcome.alreadyBooked.insert(userIds[i]);
                } else if (granted.size() < outcome.remaining) {
                    granted.append(userIds[i]);
                    grantedIds.append(bookingIds[i]);
                }
            }
            if (granted.isEmpty())
                return outcome;
            auto count = m_events.adjustRemaining(session, eventId, -int(granted.size()));
            if (!count)
                return count.error();
            auto holds = m_bookings.insertHolds(session, eventId, granted, grantedIds, expiresAt);
            if (!holds)
                return holds.error();
            outcome.remaining = count->remaining;
            outcome.version = count->updatedAt;
            for (const Booking &hold : *holds)
                outcome.holds.insert(hold.userId, hold);
            return outcome;
        });
}

Result<BookingEngine::ReserveOutcome> BookingEngine::recover(const QString &eventId,
                                                             const QStringList &bookingIds) const
{
    return m_database.session<ReserveOutcome>([&](SqlSession &session) -> Result<ReserveOutcome> {
        ReserveOutcome outcome;
        outcome.recovered = true;
        auto event = m_events.find(session, eventId);
        if (!event)
            return event.error();
        if (!event->has_value())
            return outcome;
        outcome.setEvent(**event);
        auto found = m_bookings.findMany(session, bookingIds);
        if (!found)
            return found.error();
        for (const Booking &booking : *found) {
            if (booking.status == BookingStatus::Pending)
                outcome.holds.insert(booking.userId, booking);
        }
        return outcome;
    });
}

void BookingEngine::reserved(const QString &eventId, const std::vector<Request> &batch,
                             const Result<ReserveOutcome> &outcome)
{
    if (outcome && !outcome->holds.isEmpty() && m_settings.ticketsChanged)
        m_settings.ticketsChanged(eventId);
    for (const Request &request : batch) {
        if (!outcome) {
            finish(request.done, outcome.error());
        } else if (!outcome->eventFound) {
            finish(request.done, Error(ErrorCode::EventNotFound));
        } else if (outcome->unknownUsers.contains(request.userId)) {
            finish(request.done, Error(ErrorCode::Unauthorized));
        } else if (outcome->alreadyBooked.contains(request.userId)) {
            ++m_statistics.alreadyBooked;
            finish(request.done, Error(ErrorCode::AlreadyBooked));
        } else if (const auto held = outcome->holds.constFind(request.userId);
                   held != outcome->holds.cend()) {
            ++m_statistics.held;
            ++m_statistics.activeHolds;
            auto hold = std::make_shared<Hold>();
            hold->payment = PaymentRequest{held->id, request.userId, eventId};
            hold->confirmation
                = BookingConfirmation{*held, outcome->title, outcome->remaining, outcome->version};
            hold->done = request.done;
            if (request.answer == Answer::AfterReserve) {
                hold->done(hold->confirmation);
                hold->done = nullptr;
            }
            pay(std::move(hold));
        } else if (outcome->recovered) {
            finish(request.done, Error(ErrorCode::ServiceUnavailable));
        } else {
            ++m_statistics.soldOut;
            finish(request.done, Error(ErrorCode::SoldOut));
        }
    }
}

void BookingEngine::pay(std::shared_ptr<Hold> hold)
{
    m_payments.charge(hold->payment, this, [this, hold](PaymentOutcome outcome) {
        hold->outcome = outcome;
        queueSettlement(hold);
    });
}

void BookingEngine::queueSettlement(const std::shared_ptr<Hold> &hold)
{
    const QString eventId = hold->payment.eventId;
    Line &line = lineOf(eventId);
    line.settling.push_back(hold);
    if (line.settlingBusy || line.settleScheduled)
        return;
    // Payments that end together (the same timer tick) settle together.
    line.settleScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this, eventId] {
            lineOf(eventId).settleScheduled = false;
            startSettling(eventId);
        },
        Qt::QueuedConnection);
}

void BookingEngine::startSettling(const QString &eventId)
{
    const std::shared_ptr<Line> line = m_lines.value(eventId);
    if (!line || line->settlingBusy || line->settling.empty())
        return;
    auto batch = std::make_shared<std::vector<std::shared_ptr<Hold>>>();
    QStringList approved;
    QStringList declined;
    while (!line->settling.empty() && int(batch->size()) < m_settings.maxBatch) {
        std::shared_ptr<Hold> hold = std::move(line->settling.front());
        line->settling.pop_front();
        (hold->outcome == PaymentOutcome::Approved ? approved : declined)
            .append(hold->payment.bookingId);
        batch->push_back(std::move(hold));
    }
    line->settlingBusy = true;
    ++m_statistics.settleTransactions;
    // A hold that expires while this batch waits for a worker was still good when paid.
    const QDateTime now = m_clock.now();
    m_database.async<Result<SettleOutcome>>(
        this, [this, approved, declined, now] { return settle(approved, declined, now); },
        [this, eventId, line, batch](Result<SettleOutcome> outcome) {
            line->settlingBusy = false;
            settled(*batch, outcome);
            startSettling(eventId);
            forgetIdleLine(eventId);
        },
        enginePriority);
}

Result<BookingEngine::SettleOutcome> BookingEngine::settle(const QStringList &approved,
                                                           const QStringList &declined,
                                                           const QDateTime &now) const
{
    return m_database.transaction<SettleOutcome>([&](SqlSession &session) -> Result<SettleOutcome> {
        SettleOutcome outcome;
        if (!approved.isEmpty()) {
            auto confirmed = m_bookings.confirm(session, approved, now);
            if (!confirmed)
                return confirmed.error();
            for (const Booking &booking : *confirmed)
                outcome.confirmed.insert(booking.id, booking);
        }
        QStringList unconfirmed;
        for (const QString &id : approved) {
            if (!outcome.confirmed.contains(id))
                unconfirmed.append(id);
        }
        // Declined and expired holds end in one statement, which locks their rows before any
        // event row: the order every transaction keeps.
        QHash<QString, BookingStatus> endings;
        for (const QString &id : declined)
            endings.insert(id, BookingStatus::Failed);
        if (!unconfirmed.isEmpty()) {
            auto found = m_bookings.findMany(session, unconfirmed);
            if (!found)
                return found.error();
            for (const Booking &booking : *found) {
                // CONFIRMED already: an earlier attempt of this settlement did commit, but
                // its answer was lost with the connection.
                if (booking.status == BookingStatus::Confirmed) {
                    outcome.confirmed.insert(booking.id, booking);
                    continue;
                }
                outcome.lost.insert(booking.id);
                // Still PENDING but past its time: release it now, not at the next sweep.
                if (booking.status == BookingStatus::Pending)
                    endings.insert(booking.id, BookingStatus::Expired);
            }
        }
        if (auto released = m_releaser.release(session, endings); !released)
            return released.error();
        return outcome;
    });
}

void BookingEngine::settled(const std::vector<std::shared_ptr<Hold>> &batch,
                            const Result<SettleOutcome> &outcome)
{
    if (!outcome && outcome.error().code == ErrorCode::ServiceUnavailable) {
        // Settling is idempotent: try again once the database answers. The payment is not
        // run again; the hold waits meanwhile, and expires if the outage outlasts it.
        qsizetype firstFailures = 0;
        for (const auto &hold : batch) {
            const int attempt = ++hold->settleAttempts;
            if (attempt == 1)
                ++firstFailures;
            // One quick retry covers a connection lost with the COMMIT's answer. Beyond it the
            // database is away, and the buyer is not kept waiting for its return: the booking
            // is settled later all the same (confirmed, or released and refunded if its hold
            // ran out first), and shows in the buyer's bookings.
            if (attempt >= 2 && hold->done) {
                hold->done(Error(ErrorCode::ServiceUnavailable,
                                 u"The booking could not be confirmed yet; check your bookings "
                                 u"shortly"_s));
                hold->done = nullptr;
            }
            const auto delay = std::chrono::milliseconds(std::min(100 * attempt, 2000));
            QTimer::singleShot(delay, this, [this, hold] { queueSettlement(hold); });
        }
        // Once per payment, not once per retry: an outage would flood the log otherwise.
        if (firstFailures > 0)
            qCWarning(lcEngine).noquote() << "cannot settle" << firstFailures
                                          << "payments now; trying again until the database "
                                             "answers";
        return;
    }
    if (outcome && m_settings.ticketsChanged) {
        QSet<QString> gaveBack;
        for (const auto &hold : batch) {
            if (!outcome->confirmed.contains(hold->payment.bookingId))
                gaveBack.insert(hold->payment.eventId);
        }
        for (const QString &eventId : std::as_const(gaveBack))
            m_settings.ticketsChanged(eventId);
    }
    for (const auto &hold : batch) {
        const QString &id = hold->payment.bookingId;
        const bool approved = hold->outcome == PaymentOutcome::Approved;
        if (!outcome) {
            if (approved)
                m_payments.refund(hold->payment);
            finish(*hold, outcome.error());
        } else if (const auto confirmed = outcome->confirmed.constFind(id);
                   confirmed != outcome->confirmed.cend()) {
            ++m_statistics.confirmed;
            BookingConfirmation done = hold->confirmation;
            done.booking = *confirmed;
            finish(*hold, done);
        } else if (approved) {
            ++m_statistics.lost;
            m_payments.refund(hold->payment);
            finish(*hold, Error(ErrorCode::HoldExpired));
        } else {
            ++m_statistics.declined;
            finish(*hold, Error(ErrorCode::PaymentFailed));
        }
    }
}

void BookingEngine::finish(Hold &hold, Result<BookingConfirmation> result)
{
    --m_statistics.activeHolds;
    finish(hold.done, std::move(result));
    hold.done = nullptr;
}

void BookingEngine::finish(const Done &done, Result<BookingConfirmation> result)
{
    --m_inFlight;
    if (done)
        done(std::move(result));
}

BookingEngine::Line &BookingEngine::lineOf(const QString &eventId)
{
    std::shared_ptr<Line> &line = m_lines[eventId];
    if (!line)
        line = std::make_shared<Line>();
    return *line;
}

void BookingEngine::forgetIdleLine(const QString &eventId)
{
    const std::shared_ptr<Line> line = m_lines.value(eventId);
    if (line && !line->reserving && !line->settlingBusy && !line->reserveScheduled
        && !line->settleScheduled && line->waiting.empty() && line->settling.empty())
        m_lines.remove(eventId);
}

void BookingEngine::sweepExpiredHolds(std::function<void(Result<int>)> done)
{
    if (m_sweeping) {
        if (done)
            done(0);
        return;
    }
    m_sweeping = true;
    const QDateTime now = m_clock.now();
    m_database.async<Result<int>>(
        this,
        [this, now]() -> Result<int> {
            int released = 0;
            for (;;) {
                auto chunk = m_database.transaction<int>([&](SqlSession &session) -> Result<int> {
                    auto ids = m_bookings.lockExpiredHolds(session, now, sweepChunk);
                    if (!ids)
                        return ids.error();
                    auto expired = m_releaser.release(session, *ids, BookingStatus::Expired);
                    if (!expired)
                        return expired.error();
                    return int(ids->size());
                });
                if (!chunk)
                    return chunk.error();
                released += *chunk;
                if (*chunk < sweepChunk)
                    return released;
            }
        },
        [this, done](Result<int> released) {
            m_sweeping = false;
            if (released && *released > 0) {
                m_statistics.swept += *released;
                qCInfo(lcEngine) << "released" << *released << "expired holds";
            }
            if (done)
                done(released);
        },
        enginePriority);
}

void BookingEngine::beginDrain()
{
    // Holds left behind are swept by the other instances, or by this one's next start.
    m_sweepTimer.stop();
}
