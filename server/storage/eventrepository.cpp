#include "eventrepository.h"

#include "common/money.h"
#include "sqlsession.h"
#include "sqltime.h"

using namespace Qt::StringLiterals;

namespace {

const QString columns = u"id, title, description, "_s + SqlTime::epochMillis(u"date"_s)
    + u", venue, total_tickets, remaining_tickets, CAST(price AS text) AS price_text, "_s
    + SqlTime::epochMillis(u"created_at"_s) + u", "_s + SqlTime::epochMillis(u"updated_at"_s);

Event readEvent(const QSqlQuery &query)
{
    Event event;
    event.id = query.value(0).toString();
    event.title = query.value(1).toString();
    event.description = query.value(2).toString();
    event.date = SqlTime::fromEpochMillis(query.value(3));
    event.venue = query.value(4).toString();
    event.totalTickets = query.value(5).toInt();
    event.remainingTickets = query.value(6).toInt();
    event.priceCents = Money::parseDecimal(query.value(7).toString()).value_or(0);
    event.createdAt = SqlTime::fromEpochMillis(query.value(8));
    event.updatedAt = SqlTime::fromEpochMillis(query.value(9));
    return event;
}

QString orderBy(const EventQuery &query)
{
    const QLatin1StringView direction
        = query.sortOrder == EventQuery::SortOrder::Ascending ? "ASC"_L1 : "DESC"_L1;
    // Qualified names: an output column (price_text) must never be what is sorted.
    const QLatin1StringView field = [&query] {
        switch (query.sortBy) {
        case EventQuery::SortField::Price:
            return "events.price"_L1;
        case EventQuery::SortField::Title:
            return "lower(events.title)"_L1;
        case EventQuery::SortField::Date:
            break;
        }
        return "events.date"_L1;
    }();
    // The id breaks ties in the same direction, so that one index serves both directions.
    return u"%1 %2, events.id %2"_s.arg(field, direction);
}

//! A LIKE pattern matching `text` literally anywhere: %, _ and \ lose their meaning.
QString containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

Result<std::optional<Event>> findOne(SqlSession &session, const QString &sql, const QString &id)
{
    QSqlQuery &query = session.query(sql);
    query.bindValue(0, id);
    if (!session.exec(query))
        return session.error();
    if (!query.next())
        return std::optional<Event>();
    return std::optional<Event>(readEvent(query));
}

} // namespace

Result<EventPage> EventRepository::list(SqlSession &session, const EventQuery &eventQuery) const
{
    const bool searching = !eventQuery.search.isEmpty();
    const QString where = searching ? u" WHERE title ILIKE ? ESCAPE '\\'"_s : QString();
    // The window count gives the total with the page in one round trip.
    QSqlQuery &query
        = session.query(u"SELECT "_s + columns + u", count(*) OVER () FROM events"_s + where
                        + u" ORDER BY "_s + orderBy(eventQuery) + u" LIMIT ? OFFSET ?"_s);
    int index = 0;
    if (searching)
        query.bindValue(index++, containsPattern(eventQuery.search));
    query.bindValue(index++, eventQuery.limit);
    query.bindValue(index++, eventQuery.offset());
    if (!session.exec(query))
        return session.error();

    EventPage page;
    page.page = eventQuery.page;
    page.limit = eventQuery.limit;
    while (query.next()) {
        page.events.append(readEvent(query));
        page.total = query.value(10).toLongLong();
    }
    if (page.events.isEmpty() && eventQuery.page > 1) {
        // Past the last page the window count is not there: count separately.
        QSqlQuery &countQuery = session.query(u"SELECT count(*) FROM events"_s + where);
        if (searching)
            countQuery.bindValue(0, containsPattern(eventQuery.search));
        if (!session.exec(countQuery) || !countQuery.next())
            return session.error();
        page.total = countQuery.value(0).toLongLong();
    }
    return page;
}

Result<std::optional<Event>> EventRepository::find(SqlSession &session, const QString &id) const
{
    return findOne(session, u"SELECT "_s + columns + u" FROM events WHERE id = ?"_s, id);
}

Result<std::optional<Event>> EventRepository::lock(SqlSession &session, const QString &id) const
{
    return findOne(session, u"SELECT "_s + columns + u" FROM events WHERE id = ? FOR UPDATE"_s, id);
}

Result<EventRepository::TicketCount>
EventRepository::adjustRemaining(SqlSession &session, const QString &id, int delta) const
{
    QSqlQuery &query = session.query(u"UPDATE events SET remaining_tickets = remaining_tickets + "
                                     u"?, updated_at = clock_timestamp() "
                                     u"WHERE id = ? RETURNING remaining_tickets, "_s
                                     + SqlTime::epochMillis(u"updated_at"_s));
    query.bindValue(0, delta);
    query.bindValue(1, id);
    if (!session.exec(query) || !query.next())
        return session.error();
    return TicketCount{query.value(0).toInt(), SqlTime::fromEpochMillis(query.value(1))};
}

Result<Event> EventRepository::insert(SqlSession &session, const Event &event) const
{
    QSqlQuery &query = session.query(
        u"INSERT INTO events (title, description, date, venue, total_tickets, remaining_tickets, "
        u"price) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS numeric)) RETURNING "_s
        + columns);
    query.bindValue(0, event.title);
    query.bindValue(1, event.description);
    query.bindValue(2, event.date);
    query.bindValue(3, event.venue);
    query.bindValue(4, event.totalTickets);
    query.bindValue(5, event.remainingTickets);
    query.bindValue(6, Money::toDecimal(event.priceCents));
    if (!session.exec(query) || !query.next())
        return session.error();
    return readEvent(query);
}

Result<qint64> EventRepository::count(SqlSession &session) const
{
    QSqlQuery &query = session.query(u"SELECT count(*) FROM events"_s);
    if (!session.exec(query) || !query.next())
        return session.error();
    return query.value(0).toLongLong();
}
