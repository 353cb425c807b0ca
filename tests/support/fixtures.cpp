#include "fixtures.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

Fixtures::Fixtures(const ConnectionSettings &settings)
    : m_connectionName(u"fixtures-"_s + QUuid::createUuid().toString(QUuid::Id128))
{
    QSqlDatabase db = settings.addConnection(m_connectionName);
    if (!db.open())
        qWarning() << "fixtures cannot connect:" << db.lastError().text();
}

Fixtures::~Fixtures()
{
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QVariant Fixtures::scalar(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    bool ok = false;
    if (values.isEmpty()) {
        ok = query.exec(sql); // also DDL, which cannot be prepared
    } else {
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        ok = query.exec();
    }
    if (!ok) {
        qWarning() << "fixture query failed:" << sql << query.lastError().text();
        return {};
    }
    return query.next() ? query.value(0) : QVariant();
}

QString Fixtures::createEvent(const QString &title, int tickets, const QString &price)
{
    return scalar(u"INSERT INTO events (title, description, date, venue, total_tickets, "
                  u"remaining_tickets, price) VALUES (?, 'Created by a test', "
                  u"now() + interval '10 days', 'Test Hall', ?, ?, CAST(? AS numeric)) "
                  u"RETURNING id"_s,
                  {title, tickets, tickets, price})
        .toString();
}

QString Fixtures::eventIdByTitle(const QString &title)
{
    return scalar(u"SELECT id FROM events WHERE title = ?"_s, {title}).toString();
}

int Fixtures::remainingTickets(const QString &eventId)
{
    return scalar(u"SELECT remaining_tickets FROM events WHERE id = ?"_s, {eventId}).toInt();
}

int Fixtures::totalTickets(const QString &eventId)
{
    return scalar(u"SELECT total_tickets FROM events WHERE id = ?"_s, {eventId}).toInt();
}

int Fixtures::activeBookings(const QString &eventId)
{
    return scalar(u"SELECT count(*) FROM bookings WHERE event_id = ? "
                  u"AND status IN ('PENDING', 'CONFIRMED')"_s,
                  {eventId})
        .toInt();
}

QString Fixtures::bookingStatus(const QString &bookingId)
{
    return scalar(u"SELECT status FROM bookings WHERE id = ?"_s, {bookingId}).toString();
}

int Fixtures::bookingsWithStatus(const QString &eventId, const QString &status)
{
    return scalar(u"SELECT count(*) FROM bookings WHERE event_id = ? AND status = ?"_s,
                  {eventId, status})
        .toInt();
}
