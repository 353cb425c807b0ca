#include "concurrencycheck.h"

#include "apiconnection.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QThread>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

struct Buyer
{
    std::unique_ptr<ApiConnection> api;
    QString email;
};

//! The event with exactly two tickets (the seed's "Limited Concert"), searched page by page.
QJsonObject findTwoTicketEvent(ApiConnection &api, QString *error)
{
    for (int page = 1;; ++page) {
        const ApiReply reply = api.call("GET"_ba, u"events?limit=50&page=%1"_s.arg(page));
        if (reply.status != 200) {
            *error = u"cannot list events (%1)"_s.arg(reply.describe());
            return {};
        }
        const QJsonObject body = reply.json.object();
        for (const QJsonValue &event : body["data"_L1].toArray()) {
            if (event["totalTickets"_L1].toInt() == 2)
                return event.toObject();
        }
        if (page >= body["meta"_L1]["totalPages"_L1].toInt()) {
            *error = u"no event with exactly 2 tickets: seed the database "
                     u"(booking-server seed --reset; on its own database, stop the server "
                     u"first)"_s;
            return {};
        }
    }
}

} // namespace

ConcurrencyCheck::ConcurrencyCheck(Options options, QTextStream &out)
    : m_options(std::move(options))
    , m_out(out)
{ }

bool ConcurrencyCheck::fail(const QString &why)
{
    m_out << "\n TEST FAILED: " << why << Qt::endl;
    return false;
}

bool ConcurrencyCheck::run()
{
    m_out << "=== Concurrency Test ===" << Qt::endl;

    // Sign every buyer in (registering the ones that do not exist yet), all in parallel.
    std::vector<Buyer> buyers;
    std::vector<QNetworkReply *> pending;
    for (int i = 1; i <= m_options.users; ++i) {
        Buyer buyer{std::make_unique<ApiConnection>(m_options.apiBase),
                    u"concurrency.user%1@example.com"_s.arg(i)};
        pending.push_back(
            buyer.api->start("POST"_ba, u"auth/login"_s,
                             {{"email"_L1, buyer.email}, {"password"_L1, m_options.password}}));
        buyers.push_back(std::move(buyer));
    }
    for (size_t i = 0; i < buyers.size(); ++i) {
        ApiReply reply = ApiConnection::finish(pending[i]);
        // Signing many buyers in may hit the server's limit on sign-ins per address.
        for (int attempt = 0; reply.status == 429 && attempt < 3; ++attempt) {
            const int waitSeconds = std::clamp(reply.retryAfterSeconds, 1, 60);
            m_out << "Sign-ins are rate limited; waiting " << waitSeconds
                  << " s (AUTH_RATE_LIMIT=0 on the server lifts the limit)" << Qt::endl;
            QThread::sleep(waitSeconds);
            reply = buyers[i].api->call(
                "POST"_ba, u"auth/login"_s,
                {{"email"_L1, buyers[i].email}, {"password"_L1, m_options.password}});
        }
        if (reply.status == 401) {
            reply = buyers[i].api->call("POST"_ba, u"auth/register"_s,
                                        {{"email"_L1, buyers[i].email},
                                         {"password"_L1, m_options.password},
                                         {"name"_L1, u"Concurrency User %1"_s.arg(i + 1)}});
        }
        if (reply.status != 200 && reply.status != 201)
            return fail(u"cannot sign in %1 (%2)"_s.arg(buyers[i].email, reply.describe()));
        buyers[i].api->setToken(reply.json["accessToken"_L1].toString());
    }

    QString error;
    QJsonObject event = findTwoTicketEvent(*buyers.front().api, &error);
    if (event.isEmpty())
        return fail(error);
    const QString eventId = event["id"_L1].toString();

    // A previous run's bookings are ours to give back, so that the check can run again.
    for (Buyer &buyer : buyers) {
        const ApiReply mine = buyer.api->call("GET"_ba, u"bookings"_s);
        for (const QJsonValue &booking : mine.json.array()) {
            if (booking["eventId"_L1].toString() == eventId
                && booking["status"_L1].toString() == u"CONFIRMED")
                buyer.api->call("DELETE"_ba, u"bookings/"_s + booking["id"_L1].toString());
        }
    }
    event = buyers.front().api->call("GET"_ba, u"events/"_s + eventId).json.object();
    const int available = event["remainingTickets"_L1].toInt();
    if (available == 0)
        return fail(
            u"\"%1\" has no tickets left, booked by other users: reset the seed data "
            u"(booking-server seed --reset; on its own database, stop the server first)"_s.arg(
                event["title"_L1].toString()));

    m_out << "Event: \"" << event["title"_L1].toString() << "\" (" << available
          << " tickets available)" << Qt::endl;
    m_out << "Sending " << buyers.size() << " simultaneous booking requests..." << Qt::endl;

    // Warm every connection first, so that the bookings really leave together.
    pending.clear();
    for (Buyer &buyer : buyers)
        pending.push_back(buyer.api->start("GET"_ba, u"health"_s));
    for (QNetworkReply *reply : pending)
        ApiConnection::finish(reply);

    QElapsedTimer timer;
    timer.start();
    pending.clear();
    for (Buyer &buyer : buyers)
        pending.push_back(buyer.api->start("POST"_ba, u"bookings"_s, {{"eventId"_L1, eventId}}));
    int succeeded = 0;
    int soldOut = 0;
    QStringList others;
    for (QNetworkReply *reply : pending) {
        const ApiReply result = ApiConnection::finish(reply);
        if (result.status == 201)
            ++succeeded;
        else if (result.status == 409 && result.code() == u"SOLD_OUT")
            ++soldOut;
        else
            others.append(result.describe());
    }
    const qint64 elapsed = timer.elapsed();

    m_out << "Results:" << Qt::endl;
    m_out << " Successful bookings: " << succeeded << Qt::endl;
    m_out << " Rejected (no tickets): " << soldOut << Qt::endl;
    if (!others.isEmpty())
        m_out << " Other errors: " << others.size() << " (" << others.join(u", "_s) << ")"
              << Qt::endl;
    m_out << "  Total time: " << elapsed << "ms" << Qt::endl;

    const ApiReply after = buyers.front().api->call("GET"_ba, u"events/"_s + eventId);
    const int remaining = after.json["remainingTickets"_L1].toInt(-1);
    m_out << "\nFinal remaining tickets: " << remaining << Qt::endl;

    const int expectedSuccesses = std::min<int>(available, int(buyers.size()));
    if (succeeded > available)
        return fail(u"overselling: %1 bookings for %2 tickets"_s.arg(succeeded).arg(available));
    if (succeeded != expectedSuccesses)
        return fail(u"%1 bookings succeeded, expected %2"_s.arg(succeeded).arg(expectedSuccesses));
    if (!others.isEmpty())
        return fail(u"%1 requests failed for another reason than sold out"_s.arg(others.size()));
    if (remaining != available - succeeded)
        return fail(u"the event shows %1 remaining tickets, expected %2"_s.arg(remaining).arg(
            available - succeeded));

    m_out << "\n TEST PASSED: No overselling detected" << Qt::endl;
    m_out << " Exactly " << succeeded << " bookings succeeded" << Qt::endl;
    m_out << " " << soldOut << " bookings were rejected due to no tickets" << Qt::endl;
    m_out << " Event shows " << remaining << " remaining tickets" << Qt::endl;
    return true;
}
