#pragma once

#include "common/booking.h"
#include "common/result.h"

class SqlSession;

//! SQL of the bookings table.
class BookingRepository
{
public:
    Result<bool> hasActive(SqlSession &session, const QString &userId,
                           const QString &eventId) const;
    //! A new confirmed booking; nullopt when the user already holds an active one for the
    //! event (the partial unique index decides).
    Result<std::optional<Booking>> insert(SqlSession &session, const QString &userId,
                                          const QString &eventId) const;
    //! Every booking of the user, newest first, each with its event summary.
    Result<QList<Booking>> listForUser(SqlSession &session, const QString &userId) const;
    Result<std::optional<Booking>> find(SqlSession &session, const QString &id) const;
    //! SELECT ... FOR UPDATE.
    Result<std::optional<Booking>> lock(SqlSession &session, const QString &id) const;
    Result<Booking> markCancelled(SqlSession &session, const QString &id) const;
    Result<qint64> countActive(SqlSession &session, const QString &eventId) const;
};
