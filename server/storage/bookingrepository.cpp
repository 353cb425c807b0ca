#include "bookingrepository.h"

#include "common/money.h"
#include "sqlsession.h"
#include "sqltime.h"

using namespace Qt::StringLiterals;

namespace {

const QString columns = u"id, event_id, user_id, status, "_s + SqlTime::epochMillis(u"created_at"_s)
    + u", "_s + SqlTime::epochMillis(u"updated_at"_s);

Booking readBooking(const QSqlQuery &query)
{
    Booking booking;
    booking.id = query.value(0).toString();
    booking.eventId = query.value(1).toString();
    booking.userId = query.value(2).toString();
    booking.status
        = BookingStatuses::fromName(query.value(3).toString()).value_or(BookingStatus::Cancelled);
    booking.createdAt = SqlTime::fromEpochMillis(query.value(4));
    booking.updatedAt = SqlTime::fromEpochMillis(query.value(5));
    return booking;
}

Result<std::optional<Booking>> optionalBooking(SqlSession &session, QSqlQuery &query)
{
    if (!session.exec(query))
        return session.error();
    if (!query.next())
        return std::optional<Booking>();
    return std::optional<Booking>(readBooking(query));
}

} // namespace

Result<bool> BookingRepository::hasActive(SqlSession &session, const QString &userId,
                                          const QString &eventId) const
{
    QSqlQuery &query
        = session.query(u"SELECT EXISTS (SELECT 1 FROM bookings "
                        u"WHERE user_id = ? AND event_id = ? AND status <> 'CANCELLED')"_s);
    query.bindValue(0, userId);
    query.bindValue(1, eventId);
    if (!session.exec(query) || !query.next())
        return session.error();
    return query.value(0).toBool();
}

Result<std::optional<Booking>> BookingRepository::insert(SqlSession &session, const QString &userId,
                                                         const QString &eventId) const
{
    QSqlQuery &query = session.query(
        u"INSERT INTO bookings (user_id, event_id) VALUES (?, ?) "
        u"ON CONFLICT (user_id, event_id) WHERE status <> 'CANCELLED' DO NOTHING RETURNING "_s
        + columns);
    query.bindValue(0, userId);
    query.bindValue(1, eventId);
    return optionalBooking(session, query);
}

Result<QList<Booking>> BookingRepository::listForUser(SqlSession &session,
                                                      const QString &userId) const
{
    QSqlQuery &query
        = session.query(u"SELECT b.id, b.event_id, b.user_id, b.status, "_s
                        + SqlTime::epochMillis(u"b.created_at"_s) + u", "_s
                        + SqlTime::epochMillis(u"b.updated_at"_s) + u", e.title, "_s
                        + SqlTime::epochMillis(u"e.date"_s)
                        + u", e.venue, CAST(e.price AS text) AS price_text "
                          u"FROM bookings b JOIN events e ON e.id = b.event_id "
                          u"WHERE b.user_id = ? ORDER BY b.created_at DESC, b.id DESC"_s);
    query.bindValue(0, userId);
    if (!session.exec(query))
        return session.error();
    QList<Booking> bookings;
    while (query.next()) {
        Booking booking = readBooking(query);
        booking.event = EventSummary{
            booking.eventId,
            query.value(6).toString(),
            SqlTime::fromEpochMillis(query.value(7)),
            query.value(8).toString(),
            Money::parseDecimal(query.value(9).toString()).value_or(0),
        };
        bookings.append(std::move(booking));
    }
    return bookings;
}

Result<std::optional<Booking>> BookingRepository::find(SqlSession &session, const QString &id) const
{
    QSqlQuery &query = session.query(u"SELECT "_s + columns + u" FROM bookings WHERE id = ?"_s);
    query.bindValue(0, id);
    return optionalBooking(session, query);
}

Result<std::optional<Booking>> BookingRepository::lock(SqlSession &session, const QString &id) const
{
    QSqlQuery &query
        = session.query(u"SELECT "_s + columns + u" FROM bookings WHERE id = ? FOR UPDATE"_s);
    query.bindValue(0, id);
    return optionalBooking(session, query);
}

Result<Booking> BookingRepository::markCancelled(SqlSession &session, const QString &id) const
{
    QSqlQuery &query = session.query(
        u"UPDATE bookings SET status = 'CANCELLED', updated_at = now() WHERE id = ? RETURNING "_s
        + columns);
    query.bindValue(0, id);
    if (!session.exec(query) || !query.next())
        return session.error();
    return readBooking(query);
}

Result<qint64> BookingRepository::countActive(SqlSession &session, const QString &eventId) const
{
    QSqlQuery &query = session.query(
        u"SELECT count(*) FROM bookings WHERE event_id = ? AND status <> 'CANCELLED'"_s);
    query.bindValue(0, eventId);
    if (!session.exec(query) || !query.next())
        return session.error();
    return query.value(0).toLongLong();
}
