#include "apiconnection.h"
#include "benchbuyers.h"
#include "bookingscenarios.h"
#include "livescenario.h"
#include "loadrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

QString describe(const AnswerCounts &answers)
{
    QStringList parts;
    for (auto it = answers.cbegin(); it != answers.cend(); ++it)
        parts.append(u"%1 × %2"_s.arg(it.value()).arg(it.key()));
    return parts.join(u", "_s);
}

//! `paths` with {id} replaced by the id of the first event the server lists.
std::optional<QStringList> withEventId(const QUrl &server, QStringList paths)
{
    if (!paths.join(u' ').contains(u"{id}"_s))
        return paths;
    ApiConnection api(server.resolved(QUrl(u"/api/"_s)));
    const ApiReply reply = api.call("GET"_ba, u"events?limit=1"_s);
    const QString id = reply.json.object()["data"_L1].toArray().first()["id"_L1].toString();
    if (id.isEmpty()) {
        qCritical().noquote() << "booking-bench: cannot find an event to read:" << reply.describe();
        return std::nullopt;
    }
    for (QString &path : paths)
        path.replace(u"{id}"_s, id);
    return paths;
}

int runPaths(QTextStream &out, const QUrl &server, const QStringList &givenPaths, int connections,
             double seconds, const QByteArray &token)
{
    const auto resolved = withEventId(
        server,
        givenPaths.isEmpty() ? QStringList{u"/"_s, u"/api/events"_s, u"/api/events/{id}"_s}
                             : givenPaths);
    if (!resolved)
        return 1;
    const QStringList &paths = *resolved;
    qsizetype pathWidth = 6;
    for (const QString &path : paths)
        pathWidth = std::max(pathWidth, path.size());
    const int column = -int(pathWidth);
    out << "booking-bench: " << connections << " connections, " << seconds
        << " s per path, against " << server.toString() << Qt::endl;
    out << u"%1 %2 %3 %4 %5 %6 %7"_s.arg(u"path"_s, column)
               .arg(u"req/s"_s, 9)
               .arg(u"p50 ms"_s, 8)
               .arg(u"p95 ms"_s, 8)
               .arg(u"p99 ms"_s, 8)
               .arg(u"errors"_s, 7)
               .arg(u"ratio"_s, 6)
        << Qt::endl;
    double baseline = 0;
    bool anyFailure = false;
    for (const QString &path : paths) {
        LoadRunner::Options options;
        options.url = server.resolved(QUrl(path));
        options.connections = connections;
        options.duration = std::chrono::milliseconds(qint64(seconds * 1000));
        options.bearerToken = token;
        const LoadRunner::Report report = LoadRunner::run(options);
        if (baseline == 0)
            baseline = report.requestsPerSecond();
        anyFailure = anyFailure || report.failures > 0;
        out << u"%1 %2 %3 %4 %5 %6 %7"_s.arg(path, column)
                   .arg(report.requestsPerSecond(), 9, 'f', 0)
                   .arg(report.p50Ms, 8, 'f', 2)
                   .arg(report.p95Ms, 8, 'f', 2)
                   .arg(report.p99Ms, 8, 'f', 2)
                   .arg(report.failures, 7)
                   .arg(baseline > 0 ? report.requestsPerSecond() / baseline : 0, 6, 'f', 2)
            << Qt::endl;
    }
    return anyFailure ? 1 : 0;
}

int runHot(QTextStream &out, BenchBuyers &buyers, const QUrl &server, int connections,
           double seconds)
{
    // Enough buyers for a fast engine; the report says if they ran out first.
    const int count = int(std::clamp(connections * seconds * 200, 2000.0, 400000.0));
    if (!buyers.create(u"booking-bench hot"_s, 100'000'000, count)) {
        qCritical().noquote() << "booking-bench:" << buyers.error();
        return 1;
    }
    HotScenario::Options options;
    options.server = server;
    options.eventId = buyers.eventId();
    options.tokens = buyers.tokens();
    options.connections = connections;
    options.duration = std::chrono::milliseconds(qint64(seconds * 1000));
    const HotScenario::Report report = HotScenario::run(options);
    out << u"hot: %1 connections from as many loopback addresses, %2 s, one event"_s
               .arg(connections)
               .arg(report.seconds, 0, 'f', 1)
        << Qt::endl;
    out << u"  confirmed bookings/s: %1   (requests %2, p50 %3 ms, p99 %4 ms)"_s
               .arg(report.bookingsPerSecond(), 0, 'f', 0)
               .arg(report.requests)
               .arg(report.p50Ms, 0, 'f', 2)
               .arg(report.p99Ms, 0, 'f', 2)
        << Qt::endl;
    if (report.perSecond.size() >= 2)
        out << u"  first second %1/s, last whole second %2/s"_s.arg(report.perSecond.first())
                   .arg(report.perSecond.last())
            << Qt::endl;
    out << u"  answers: "_s << describe(report.answers) << Qt::endl;
    if (report.ranOutOfBuyers)
        out << u"  (ran out of buyers before the time was up)"_s << Qt::endl;
    const BenchBuyers::Tally tally = buyers.tally();
    out << u"  database: %1 confirmed, %2 pending, oversold %3, balanced %4"_s.arg(tally.confirmed)
               .arg(tally.pending)
               .arg(tally.oversold())
               .arg(tally.balanced() ? u"yes"_s : u"NO"_s)
        << Qt::endl;
    return report.confirmed > 0 && tally.balanced() ? 0 : 1;
}

int runSellout(QTextStream &out, BenchBuyers &buyers, const QUrl &server, int count, int tickets,
               qint64 serverPid)
{
    if (!buyers.create(u"booking-bench sellout"_s, tickets, count)) {
        qCritical().noquote() << "booking-bench:" << buyers.error();
        return 1;
    }
    SelloutScenario::Options options;
    options.server = server;
    options.eventId = buyers.eventId();
    options.tokens = buyers.tokens();
    options.serverPid = serverPid;
    const SelloutScenario::Report report = SelloutScenario::run(options);
    out << u"sellout: %1 buyers (each from its own loopback address) for %2 tickets"_s.arg(count)
               .arg(tickets)
        << Qt::endl;
    if (!report.connected)
        out << u"  (not every buyer could connect beforehand)"_s << Qt::endl;
    out << u"  last ticket sold after %1 ms; every buyer answered after %2 ms"_s
               .arg(report.lastTicketMs, 0, 'f', 0)
               .arg(report.allAnsweredMs, 0, 'f', 0)
        << Qt::endl;
    if (report.sold < report.buyers)
        out << u"  the last buyer without a ticket was told so after %1 ms"_s.arg(
            report.lastRefusalMs, 0, 'f', 0)
            << Qt::endl;
    out << u"  answers: "_s << describe(report.answers) << Qt::endl;
    if (serverPid > 0) {
        out << u"  server: resident memory %1 MiB before, %2 MiB at most during the sale; "
               u"threads %3 before, %4 at most"_s.arg(double(report.rssBeforeKb) / 1024, 0, 'f', 1)
                   .arg(double(report.rssPeakKb) / 1024, 0, 'f', 1)
                   .arg(report.threadsBefore)
                   .arg(report.threadsPeak)
            << Qt::endl;
    }
    const BenchBuyers::Tally tally = buyers.tally();
    out << u"  database: %1 confirmed, %2 pending, %3 remaining, oversold %4, balanced %5"_s
               .arg(tally.confirmed)
               .arg(tally.pending)
               .arg(tally.remaining)
               .arg(tally.oversold())
               .arg(tally.balanced() ? u"yes"_s : u"NO"_s)
        << Qt::endl;
    const bool soldOut = report.sold == std::min(count, tickets);
    return soldOut && tally.oversold() == 0 && tally.balanced() ? 0 : 1;
}

QString mebibytes(qint64 bytes)
{
    return bytes < 0 ? u"?"_s : u"%1 MiB"_s.arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
}

int runLive(QTextStream &out, BenchBuyers &buyers, const QUrl &server, int clients, int bookings,
            int intervalMs)
{
    // More tickets than bookings: every booking is a change, none a sell-out.
    if (!buyers.create(u"booking-bench live"_s, bookings + 100, bookings)) {
        qCritical().noquote() << "booking-bench:" << buyers.error();
        return 1;
    }
    LiveScenario::Options options;
    options.server = server;
    options.eventId = buyers.eventId();
    options.tokens = buyers.tokens();
    options.clients = clients;
    options.interval = std::chrono::milliseconds(intervalMs);
    const LiveScenario::Report report = LiveScenario::run(options);
    out << u"live: %1 WebSocket clients, each from its own loopback address; %2 bookings, one "
           u"every %3 ms, one event"_s.arg(clients)
               .arg(bookings)
               .arg(intervalMs)
        << Qt::endl;
    if (report.fileLimit < report.filesNeeded)
        out << u"  (this process may open %1 files, %2 were needed)"_s.arg(report.fileLimit)
                   .arg(report.filesNeeded)
            << Qt::endl;
    out << u"  subscribed: %1 of %2 in %3 s (the server counts %4 live clients)"_s
               .arg(report.subscribed)
               .arg(report.clients)
               .arg(report.subscribeSeconds, 0, 'f', 1)
               .arg(report.serverLiveClients < 0 ? u"?"_s
                                                 : QString::number(report.serverLiveClients))
        << Qt::endl;
    if (!report.handshakeFailures.isEmpty())
        out << u"  not subscribed: "_s << describe(report.handshakeFailures) << Qt::endl;
    if (report.messages > 0)
        out << u"  commit to client: p50 %1 ms, p95 %2 ms, p99 %3 ms, max %4 ms (%5 messages)"_s
                   .arg(report.p50Ms, 0, 'f', 1)
                   .arg(report.p95Ms, 0, 'f', 1)
                   .arg(report.p99Ms, 0, 'f', 1)
                   .arg(report.maxMs, 0, 'f', 1)
                   .arg(report.messages)
            << Qt::endl;
    else
        out << u"  commit to client: no message of the event arrived"_s << Qt::endl;
    out << u"  clients that got every change (%1): %2 of %3; connections lost: %4"_s
               .arg(report.changes)
               .arg(report.clientsWithEveryChange)
               .arg(report.clients)
               .arg(report.lostClients)
        << Qt::endl;
    out << u"  bookings: %1 (refused: %2)"_s.arg(describe(report.answers)).arg(report.refused)
        << Qt::endl;
    out << u"  server: resident memory %1 before the clients, %2 with them, %3 after the "
           u"bookings"_s.arg(mebibytes(report.rssBeforeBytes),
                             mebibytes(report.rssWithClientsBytes), mebibytes(report.rssAfterBytes))
        << Qt::endl;
    if (report.serverCpuSeconds >= 0 && report.changes > 0)
        out << u"  CPU while the bookings ran: server %1 s (%2 ms a change), this bench %3 s"_s
                   .arg(report.serverCpuSeconds, 0, 'f', 2)
                   .arg(report.serverCpuSeconds * 1000 / report.changes, 0, 'f', 1)
                   .arg(report.benchCpuSeconds, 0, 'f', 2)
            << Qt::endl;
    return report.everyClientServed() && report.refused == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"booking-bench"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BOOKING_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Load benchmark for a running booking server.\n\n"
        u"Scenarios:\n"
        u"  read [path...]  each path in turn (default: / /api/events /api/events/{id}, {id}\n"
        u"                  being the first event listed) with the same closed-loop load:\n"
        u"                  requests/s, latency percentiles, and each path's throughput\n"
        u"                  relative to the first (the default scenario)\n"
        u"  hot             one event, --connections buyers booking in a closed loop for\n"
        u"                  --duration: confirmed bookings/s, p50/p99 (run the server with\n"
        u"                  PAYMENT_DELAY_MS=0 to measure the engine)\n"
        u"  sellout         --buyers buyers race for --tickets tickets at once: time to the last\n"
        u"                  ticket, time until every buyer had an answer, answers by status\n"
        u"  live            --clients WebSocket clients of the live feed, then --bookings\n"
        u"                  bookings, one every --interval ms: commit-to-client latency\n"
        u"                  p50/p95/p99 over every client and change, refused bookings, the\n"
        u"                  server's memory (bench and server on one machine: the latency is\n"
        u"                  timed from the change's updatedAt)\n\n"
        u"hot, sellout and live make their event and buyers in the database (--database-url)\n"
        u"and mint the buyers' tokens with the server's ACCESS_TOKEN_SECRET (--access-secret);\n"
        u"each buyer connects from its own loopback address (127.0.x.y), and so does each live\n"
        u"client (127.2.x.y). On a noisy machine compare ratios from one run, not absolute\n"
        u"figures from different runs."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption urlOption(u"url"_s,
                                       u"Server base URL (default http://localhost:3001)."_s,
                                       u"url"_s, u"http://localhost:3001"_s);
    const QCommandLineOption connectionsOption(
        u"connections"_s, u"Concurrent connections (default 32; hot: 64)."_s, u"n"_s);
    const QCommandLineOption durationOption(
        u"duration"_s, u"Seconds per path, or of the hot run (default 5)."_s, u"seconds"_s, u"5"_s);
    const QCommandLineOption tokenOption(u"token"_s, u"read: bearer token to send."_s, u"token"_s);
    const QCommandLineOption databaseOption(
        u"database-url"_s, u"hot, sellout: the server's database (default: DATABASE_URL)."_s,
        u"url"_s, qEnvironmentVariable("DATABASE_URL"));
    const QCommandLineOption secretOption(
        u"access-secret"_s,
        u"hot, sellout: the server's ACCESS_TOKEN_SECRET (default: that variable)."_s, u"secret"_s,
        qEnvironmentVariable("ACCESS_TOKEN_SECRET"));
    const QCommandLineOption buyersOption(u"buyers"_s, u"sellout: buyers (default 1000)."_s, u"n"_s,
                                          u"1000"_s);
    const QCommandLineOption ticketsOption(u"tickets"_s, u"sellout: tickets (default 100)."_s,
                                           u"n"_s, u"100"_s);
    const QCommandLineOption pidOption(
        u"server-pid"_s, u"sellout: the server's process, to report its memory and threads."_s,
        u"pid"_s);
    const QCommandLineOption clientsOption(
        u"clients"_s, u"live: WebSocket clients (default 2000)."_s, u"n"_s, u"2000"_s);
    const QCommandLineOption bookingsOption(u"bookings"_s, u"live: bookings (default 50)."_s,
                                            u"n"_s, u"50"_s);
    const QCommandLineOption intervalOption(
        u"interval"_s, u"live: milliseconds between bookings (default 100)."_s, u"ms"_s, u"100"_s);
    parser.addOptions({urlOption, connectionsOption, durationOption, tokenOption, databaseOption,
                       secretOption, buyersOption, ticketsOption, pidOption, clientsOption,
                       bookingsOption, intervalOption});
    parser.addPositionalArgument(u"scenario"_s, u"read (default), hot, sellout or live."_s,
                                 u"[scenario] [path...]"_s);
    parser.process(app);

    QStringList positional = parser.positionalArguments();
    QString scenario = u"read"_s;
    if (!positional.isEmpty() && !positional.first().startsWith(u'/'))
        scenario = positional.takeFirst();
    const bool booking = scenario == u"hot" || scenario == u"sellout" || scenario == u"live";
    if (scenario != u"read" && !booking) {
        qCritical().noquote() << "booking-bench: unknown scenario" << scenario << "(try --help)";
        return 2;
    }
    bool ok = true;
    const auto number = [&](const QCommandLineOption &option, const QString &fallback) {
        bool valid = false;
        const double value = parser.value(option).isEmpty() ? fallback.toDouble(&valid)
                                                            : parser.value(option).toDouble(&valid);
        ok = ok && valid && value > 0;
        return value;
    };
    const int connections = int(number(connectionsOption, scenario == u"hot" ? u"64"_s : u"32"_s));
    const double seconds = number(durationOption, u"5"_s);
    const int buyerCount = int(number(buyersOption, u"1000"_s));
    const int tickets = int(number(ticketsOption, u"100"_s));
    const int clients = int(number(clientsOption, u"2000"_s));
    const int bookings = int(number(bookingsOption, u"50"_s));
    const int intervalMs = int(number(intervalOption, u"100"_s));
    if (!ok) {
        qCritical("booking-bench: --connections, --duration, --buyers, --tickets, --clients, "
                  "--bookings and --interval must be positive numbers");
        return 2;
    }
    const QUrl server(parser.value(urlOption));
    QTextStream out(stdout);
    if (!booking)
        return runPaths(out, server, positional, connections, seconds,
                        parser.value(tokenOption).toLatin1());

    if (parser.value(databaseOption).isEmpty() || parser.value(secretOption).size() < 32) {
        qCritical("booking-bench: hot, sellout and live need --database-url and --access-secret "
                  "(the server's DATABASE_URL and ACCESS_TOKEN_SECRET)");
        return 2;
    }
    BenchBuyers buyers(parser.value(databaseOption), parser.value(secretOption).toUtf8());
    if (scenario == u"hot")
        return runHot(out, buyers, server, connections, seconds);
    if (scenario == u"live")
        return runLive(out, buyers, server, clients, bookings, intervalMs);
    return runSellout(out, buyers, server, buyerCount, tickets,
                      parser.value(pidOption).toLongLong());
}
