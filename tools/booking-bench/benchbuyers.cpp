#include "benchbuyers.h"

#include "services/clock.h"
#include "services/tokenservice.h"
#include "storage/connectionsettings.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

BenchBuyers::BenchBuyers(QString databaseUrl, QByteArray accessSecret)
    : m_connectionName(u"bench-"_s + QUuid::createUuid().toString(QUuid::Id128))
    , m_accessSecret(std::move(accessSecret))
{
    auto settings = ConnectionSettings::fromUrl(databaseUrl);
    if (!settings) {
        m_error = settings.error().message;
        return;
    }
    QSqlDatabase db = settings->addConnection(m_connectionName);
    if (!db.open())
        m_error = u"cannot connect to the database: "_s + db.lastError().text();
}

BenchBuyers::~BenchBuyers()
{
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool BenchBuyers::create(const QString &title, int tickets, int count)
{
    if (!m_error.isEmpty())
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"INSERT INTO events (title, description, date, venue, total_tickets, "
                  u"remaining_tickets, price) VALUES (?, 'booking-bench', now() + interval '30 "
                  u"days', 'Loopback Arena', ?, ?, 10) RETURNING id"_s);
    query.addBindValue(title);
    query.addBindValue(tickets);
    query.addBindValue(tickets);
    if (!query.exec() || !query.next()) {
        m_error = u"cannot create the event: "_s + query.lastError().text();
        return false;
    }
    m_eventId = query.value(0).toString();

    // Users with a password hash nothing matches: they exist for their tokens only.
    const QString run = QUuid::createUuid().toString(QUuid::Id128).left(12);
    query.prepare(u"INSERT INTO users (email, name, password_hash) SELECT 'bench-' || ? || '-' "
                  u"|| n || '@bench.invalid', 'Bench Buyer', '!' FROM generate_series(1, ?) "
                  u"AS n RETURNING id, email"_s);
    query.addBindValue(run);
    query.addBindValue(count);
    if (!query.exec()) {
        m_error = u"cannot create the buyers: "_s + query.lastError().text();
        return false;
    }
    SystemClock clock;
    // Valid for a long run; only the access secret matters.
    const TokenService tokens({m_accessSecret, m_accessSecret, std::chrono::hours(2), {}}, clock);
    m_tokens.clear();
    m_tokens.reserve(count);
    m_userIds.clear();
    m_userIds.reserve(count);
    while (query.next()) {
        auto token = tokens.issueAccessToken(query.value(0).toString(), query.value(1).toString());
        if (!token) {
            m_error = u"cannot mint a token: "_s + token.error().message;
            return false;
        }
        m_tokens.append(*token);
        m_userIds.append(query.value(0).toString());
    }
    return true;
}

BenchBuyers::Tally BenchBuyers::tally() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"SELECT e.total_tickets, e.remaining_tickets, "
                  u"count(*) FILTER (WHERE b.status = 'PENDING'), "
                  u"count(*) FILTER (WHERE b.status = 'CONFIRMED') "
                  u"FROM events e LEFT JOIN bookings b ON b.event_id = e.id WHERE e.id = ? "
                  u"GROUP BY e.id"_s);
    query.addBindValue(m_eventId);
    if (!query.exec() || !query.next())
        return {};
    return Tally{query.value(0).toInt(), query.value(1).toInt(), query.value(2).toInt(),
                 query.value(3).toInt()};
}
