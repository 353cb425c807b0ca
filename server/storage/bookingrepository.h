#pragma once

#include "common/booking.h"
#include "common/result.h"

#include <QHash>

class SqlSession;

//! SQL of the bookings table. Methods that lock rows lock bookings before events, the order
//! every transaction that touches both keeps (a reservation locks its event and only inserts
//! bookings), so that they never deadlock.
class BookingRepository
{
public:
    //! For each of `userIds` that exists: whether the user holds an active (PENDING or
    //! CONFIRMED) booking of the event. Users that do not exist are missing from the answer.
    Result<QHash<QString, bool>> buyers(SqlSession &session, const QString &eventId,
                                        const QStringList &userIds) const;
    //! New PENDING bookings of the event, one per user with the id given beside it, held
    //! until `expiresAt`; in the order of `userIds`. (The caller chooses the ids, so that it
    //! can look for them when the commit's answer is lost.)
    Result<QList<Booking>> insertHolds(SqlSession &session, const QString &eventId,
                                       const QStringList &userIds, const QStringList &bookingIds,
                                       const QDateTime &expiresAt) const;
    //! Turns those of `ids` that are still PENDING and unexpired at `now` into CONFIRMED;
    //! returns the confirmed ones.
    Result<QList<Booking>> confirm(SqlSession &session, const QStringList &ids,
                                   const QDateTime &now) const;
    //! Moves each booking of `endings` that is still PENDING to its status there (FAILED,
    //! EXPIRED), in one statement; returns the moved ones. The caller gives their tickets back.
    Result<QList<Booking>> releaseHolds(SqlSession &session,
                                        const QHash<QString, BookingStatus> &endings) const;
    //! Locks up to `limit` PENDING bookings past their expiry at `now`, skipping rows another
    //! transaction holds (FOR UPDATE SKIP LOCKED), so that several instances share the sweep.
    Result<QStringList> lockExpiredHolds(SqlSession &session, const QDateTime &now,
                                         int limit) const;

    //! Every booking of the user, newest first, each with its event summary.
    Result<QList<Booking>> listForUser(SqlSession &session, const QString &userId) const;
    //! One booking with its event summary.
    Result<std::optional<Booking>> findWithEvent(SqlSession &session, const QString &id) const;
    Result<QList<Booking>> findMany(SqlSession &session, const QStringList &ids) const;
    //! SELECT ... FOR UPDATE.
    Result<std::optional<Booking>> lock(SqlSession &session, const QString &id) const;
    //! CANCELLED, if it is active (PENDING or CONFIRMED); nullopt otherwise.
    Result<std::optional<Booking>> markCancelled(SqlSession &session, const QString &id) const;
};
