#include "bookingrepository.h"

#include "common/money.h"
#include "sqlsession.h"
#include "sqltime.h"

using namespace Qt::StringLiterals;

namespace {

const QString columns = u"b.id, b.event_id, b.user_id, b.status, "_s
    + SqlTime::epochMillis(u"b.created_at"_s) + u", "_s + SqlTime::epochMillis(u"b.updated_at"_s)
    + u", "_s + SqlTime::epochMillis(u"b.expires_at"_s);
constexpr int columnCount = 7;

const QString withEventColumns = columns + u", e.title, "_s + SqlTime::epochMillis(u"e.date"_s)
    + u", e.venue, CAST(e.price AS text) AS price_text"_s;

const QString activeStatuses = u"('PENDING', 'CONFIRMED')"_s;

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
    if (!query.isNull(6))
        booking.expiresAt = SqlTime::fromEpochMillis(query.value(6));
    return booking;
}

Booking readBookingWithEvent(const QSqlQuery &query)
{
    Booking booking = readBooking(query);
    booking.event = EventSummary{
        booking.eventId,
        query.value(columnCount).toString(),
        SqlTime::fromEpochMillis(query.value(columnCount + 1)),
        query.value(columnCount + 2).toString(),
        Money::parseDecimal(query.value(columnCount + 3).toString()).value_or(0),
    };
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

Result<QList<Booking>> allBookings(SqlSession &session, QSqlQuery &query)
{
    if (!session.exec(query))
        return session.error();
    QList<Booking> bookings;
    while (query.next())
        bookings.append(readBooking(query));
    return bookings;
}

//! A uuid[] literal. The ids are UUIDs already (checked at the door or read from the
//! database); the cast refuses anything else.
QString uuidArray(const QStringList &ids)
{
    return u'{' + ids.join(u',') + u'}';
}

const QString uuidArrayParameter = u"CAST(? AS uuid[])"_s;

} // namespace

Result<QHash<QString, bool>> BookingRepository::buyers(SqlSession &session, const QString &eventId,
                                                       const QStringList &userIds) const
{
    // LATERAL with LIMIT: one probe of the (user, event) index per buyer. EXISTS let the
    // generic plan of the prepared statement hash every booking of the event instead, which
    // grows with each ticket sold.
    QSqlQuery &query = session.query(
        u"SELECT u.id, held.user_id IS NOT NULL FROM users u LEFT JOIN LATERAL (SELECT b.user_id "
        u"FROM bookings b WHERE b.user_id = u.id AND b.event_id = ? AND b.status IN "_s
        + activeStatuses + u" LIMIT 1) AS held ON true WHERE u.id = ANY ("_s + uuidArrayParameter
        + u')');
    query.bindValue(0, eventId);
    query.bindValue(1, uuidArray(userIds));
    if (!session.exec(query))
        return session.error();
    QHash<QString, bool> found;
    while (query.next())
        found.insert(query.value(0).toString(), query.value(1).toBool());
    return found;
}

Result<QList<Booking>> BookingRepository::insertHolds(SqlSession &session, const QString &eventId,
                                                      const QStringList &userIds,
                                                      const QStringList &bookingIds,
                                                      const QDateTime &expiresAt) const
{
    QSqlQuery &query = session.query(
        u"INSERT INTO bookings AS b (id, user_id, event_id, status, expires_at) "
        u"SELECT buyer.booking_id, buyer.user_id, ?, 'PENDING', "_s
        + SqlTime::parameter() + u" FROM unnest("_s + uuidArrayParameter + u", "_s
        + uuidArrayParameter
        + u") WITH ORDINALITY AS buyer (user_id, booking_id, position) ORDER BY buyer.position "
          u"RETURNING "_s
        + columns);
    query.bindValue(0, eventId);
    query.bindValue(1, SqlTime::toParameter(expiresAt));
    query.bindValue(2, uuidArray(userIds));
    query.bindValue(3, uuidArray(bookingIds));
    auto inserted = allBookings(session, query);
    if (!inserted)
        return inserted;
    // RETURNING keeps no promised order: put the holds in the order of their buyers.
    QHash<QString, Booking> byUser;
    for (Booking &booking : *inserted)
        byUser.insert(booking.userId, std::move(booking));
    QList<Booking> ordered;
    for (const QString &userId : userIds)
        ordered.append(byUser.value(userId));
    return ordered;
}

Result<QList<Booking>> BookingRepository::confirm(SqlSession &session, const QStringList &ids,
                                                  const QDateTime &now) const
{
    QSqlQuery &query = session.query(
        u"UPDATE bookings AS b SET status = 'CONFIRMED', updated_at = clock_timestamp() "
        u"WHERE b.id = ANY ("_s
        + uuidArrayParameter + u") AND b.status = 'PENDING' AND b.expires_at > "_s
        + SqlTime::parameter() + u" RETURNING "_s + columns);
    query.bindValue(0, uuidArray(ids));
    query.bindValue(1, SqlTime::toParameter(now));
    return allBookings(session, query);
}

Result<QList<Booking>>
BookingRepository::releaseHolds(SqlSession &session,
                                const QHash<QString, BookingStatus> &endings) const
{
    QStringList ids;
    QStringList statuses;
    for (auto it = endings.cbegin(); it != endings.cend(); ++it) {
        ids.append(it.key());
        statuses.append(BookingStatuses::name(it.value()));
    }
    QSqlQuery &query = session.query(
        u"UPDATE bookings AS b SET status = ending.status, updated_at = clock_timestamp() "
        u"FROM unnest("_s
        + uuidArrayParameter
        + u", CAST(? AS text[])) AS ending (id, status) WHERE b.id = ending.id "
          u"AND b.status = 'PENDING' RETURNING "_s
        + columns);
    query.bindValue(0, uuidArray(ids));
    // Status names are plain upper-case words: safe in an array literal as they are.
    query.bindValue(1, QString(u'{' + statuses.join(u',') + u'}'));
    return allBookings(session, query);
}

Result<QStringList> BookingRepository::lockExpiredHolds(SqlSession &session, const QDateTime &now,
                                                        int limit) const
{
    QSqlQuery &query = session.query(u"SELECT id FROM bookings WHERE status = 'PENDING' "
                                     u"AND expires_at <= "_s
                                     + SqlTime::parameter()
                                     + u" ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED"_s);
    query.bindValue(0, SqlTime::toParameter(now));
    query.bindValue(1, limit);
    if (!session.exec(query))
        return session.error();
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

Result<QList<Booking>> BookingRepository::listForUser(SqlSession &session,
                                                      const QString &userId) const
{
    QSqlQuery &query
        = session.query(u"SELECT "_s + withEventColumns
                        + u" FROM bookings b JOIN events e ON e.id = b.event_id "
                          u"WHERE b.user_id = ? ORDER BY b.created_at DESC, b.id DESC"_s);
    query.bindValue(0, userId);
    if (!session.exec(query))
        return session.error();
    QList<Booking> bookings;
    while (query.next())
        bookings.append(readBookingWithEvent(query));
    return bookings;
}

Result<std::optional<Booking>> BookingRepository::findWithEvent(SqlSession &session,
                                                                const QString &id) const
{
    QSqlQuery &query = session.query(u"SELECT "_s + withEventColumns
                                     + u" FROM bookings b JOIN events e ON e.id = b.event_id "
                                       u"WHERE b.id = ?"_s);
    query.bindValue(0, id);
    if (!session.exec(query))
        return session.error();
    if (!query.next())
        return std::optional<Booking>();
    return std::optional<Booking>(readBookingWithEvent(query));
}

Result<QList<Booking>> BookingRepository::findMany(SqlSession &session,
                                                   const QStringList &ids) const
{
    QSqlQuery &query
        = session.query(u"SELECT "_s + columns + u" FROM bookings b WHERE b.id = ANY ("_s
                        + uuidArrayParameter + u')');
    query.bindValue(0, uuidArray(ids));
    return allBookings(session, query);
}

Result<std::optional<Booking>> BookingRepository::lock(SqlSession &session, const QString &id) const
{
    QSqlQuery &query
        = session.query(u"SELECT "_s + columns + u" FROM bookings b WHERE b.id = ? FOR UPDATE"_s);
    query.bindValue(0, id);
    return optionalBooking(session, query);
}

Result<std::optional<Booking>> BookingRepository::markCancelled(SqlSession &session,
                                                                const QString &id) const
{
    QSqlQuery &query = session.query(
        u"UPDATE bookings AS b SET status = 'CANCELLED', updated_at = clock_timestamp() "
        u"WHERE b.id = ? AND b.status IN "_s
        + activeStatuses + u" RETURNING "_s + columns);
    query.bindValue(0, id);
    return optionalBooking(session, query);
}
