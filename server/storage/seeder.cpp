#include "seeder.h"

#include "common/money.h"
#include "database.h"
#include "eventrepository.h"
#include "userrepository.h"

using namespace Qt::StringLiterals;

namespace {

struct SeedUser
{
    QString email;
    QString name;
};

struct SeedEvent
{
    QString title;
    QString description;
    int daysAhead;
    int hourUtc;
    QString venue;
    int tickets;
    qint64 priceCents;
};

const QList<SeedUser> users{
    {u"john.doe@example.com"_s, u"John Doe"_s},
    {u"jane.smith@example.com"_s, u"Jane Smith"_s},
    {u"mike.wilson@example.com"_s, u"Mike Wilson"_s},
};

const QList<SeedEvent> events{
    {u"Limited Concert"_s,
     u"An intimate acoustic evening with only two seats: the race-condition test event."_s, 30, 20,
     u"The Blue Room, Berlin"_s, 2, 9999},
    {u"Tech Conference 2025"_s,
     u"Two days of talks on distributed systems, databases and developer tooling."_s, 60, 9,
     u"Congress Center, Hamburg"_s, 100, 29900},
    {u"Business Summit"_s,
     u"Leaders from industry and start-ups on growth, funding and the next decade."_s, 45, 10,
     u"Grand Hotel, Frankfurt"_s, 50, 49950},
    {u"Art Exhibition"_s, u"Contemporary painting and sculpture from twelve young artists."_s, 20,
     11, u"Modern Art Gallery, Munich"_s, 30, 2500},
    {u"Food Festival"_s,
     u"Street food, regional producers and cooking shows across the old harbour."_s, 90, 12,
     u"Harbour Square, Cologne"_s, 200, 1500},
};

} // namespace

Result<bool> Seeder::isEmpty()
{
    return m_database.runAndWait([this] {
        return m_database.session<bool>([](SqlSession &session) -> Result<bool> {
            QSqlQuery &query = session.query(
                u"SELECT NOT EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM events)"_s);
            if (!session.exec(query) || !query.next())
                return session.error();
            return query.value(0).toBool();
        });
    });
}

Result<QList<std::pair<QString, QString>>> Seeder::demoUserPasswordHashes()
{
    using Hashes = QList<std::pair<QString, QString>>;
    return m_database.runAndWait([this] {
        return m_database.session<Hashes>([](SqlSession &session) -> Result<Hashes> {
            Hashes hashes;
            for (const SeedUser &user : users) {
                QSqlQuery &query
                    = session.query(u"SELECT password_hash FROM users WHERE email = ?"_s);
                query.bindValue(0, user.email);
                if (!session.exec(query))
                    return session.error();
                if (query.next())
                    hashes.append({user.email, query.value(0).toString()});
            }
            return hashes;
        });
    });
}

Result<Seeder::Report> Seeder::seed(const QString &passwordHash, const QDateTime &now)
{
    return m_database.runAndWait([&] {
        return m_database.transaction<Report>([&](SqlSession &session) -> Result<Report> {
            Report report;
            const UserRepository userRepository;
            for (const SeedUser &user : users) {
                auto inserted = userRepository.insert(session, user.email, user.name, passwordHash);
                if (!inserted)
                    return inserted.error();
                report.usersAdded += inserted->has_value() ? 1 : 0;
            }

            const EventRepository eventRepository;
            QSqlQuery &exists
                = session.query(u"SELECT EXISTS (SELECT 1 FROM events WHERE title = ?)"_s);
            const QDateTime today(now.toUTC().date(), QTime(0, 0), Qt::UTC);
            for (const SeedEvent &seed : events) {
                exists.bindValue(0, seed.title);
                if (!session.exec(exists) || !exists.next())
                    return session.error();
                if (exists.value(0).toBool())
                    continue;
                Event event;
                event.title = seed.title;
                event.description = seed.description;
                event.date = today.addDays(seed.daysAhead).addSecs(seed.hourUtc * 3600);
                event.venue = seed.venue;
                event.totalTickets = seed.tickets;
                event.remainingTickets = seed.tickets;
                event.priceCents = seed.priceCents;
                auto inserted = eventRepository.insert(session, event);
                if (!inserted)
                    return inserted.error();
                ++report.eventsAdded;
            }
            return report;
        });
    });
}

Result<void> Seeder::wipe()
{
    auto wiped = m_database.runAndWait([this] {
        return m_database.session<bool>([](SqlSession &session) -> Result<bool> {
            if (!session.execText(
                    u"TRUNCATE idempotency_keys, bookings, refresh_tokens, events, users"_s))
                return session.error();
            return true;
        });
    });
    if (!wiped)
        return wiped.error();
    return {};
}
