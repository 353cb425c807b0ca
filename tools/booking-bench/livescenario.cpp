#include "livescenario.h"

#include "app/filelimit.h"
#include "common/apipaths.h"
#include "common/livemessage.h"
#include "httpconnection.h"
#include "latencies.h"
#include "livecrowd.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

#include <memory>
#include <sys/resource.h>
#include <vector>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

//! What the server's /metrics says about itself.
struct ServerSample
{
    qint64 rssBytes = -1;
    int liveClients = -1;
    double cpuSeconds = -1;

    static ServerSample of(const QUrl &server)
    {
        ServerSample sample;
        HttpConnection connection(server, QHostAddress());
        QEventLoop loop;
        connection.send("GET"_ba, "/metrics"_ba, {}, {}, [&](const HttpConnection::Response &r) {
            if (r.status == 200) {
                for (const QByteArray &line : r.body.split('\n')) {
                    if (line.startsWith("process_resident_memory_bytes "))
                        sample.rssBytes = line.mid(30).trimmed().toLongLong();
                    else if (line.startsWith("live_clients "))
                        sample.liveClients = line.mid(13).trimmed().toInt();
                    else if (line.startsWith("process_cpu_seconds_total "))
                        sample.cpuSeconds = line.mid(26).trimmed().toDouble();
                }
            }
            loop.quit();
        });
        QTimer::singleShot(10s, &loop, &QEventLoop::quit);
        loop.exec();
        return sample;
    }
};

//! `host` as an IPv4 loopback address; null if it is none.
QHostAddress loopbackAddressOf(const QString &host)
{
    QList<QHostAddress> candidates{QHostAddress(host)};
    if (candidates.first().isNull())
        candidates = QHostInfo::fromName(host).addresses();
    for (const QHostAddress &candidate : std::as_const(candidates)) {
        if (candidate.protocol() == QAbstractSocket::IPv4Protocol && candidate.isLoopback())
            return candidate;
    }
    return {};
}

//! Waits until `done()` holds or `timeout` has passed, running the event loop meanwhile.
void waitFor(const std::function<bool()> &done, std::chrono::milliseconds timeout)
{
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    check.start(5);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    if (!done())
        loop.exec();
}

//! This process's CPU time so far, in seconds.
double ownCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) {
        return double(t.tv_sec) + t.tv_usec / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace

LiveScenario::Report LiveScenario::run(const Options &options)
{
    Report report;
    report.clients = options.clients;
    // A socket per client and per buyer, and some room.
    report.filesNeeded = qint64(options.clients) + options.tokens.size() + 256;
    report.fileLimit = FileLimit::raiseTo(report.filesNeeded);
    report.rssBeforeBytes = ServerSample::of(options.server).rssBytes;

    // The clients come from loopback addresses: the server must listen on loopback.
    const QHostAddress address = loopbackAddressOf(options.server.host());
    if (address.isNull()) {
        report.handshakeFailures[u"the server is not on this machine's IPv4 loopback"_s]
            = options.clients;
        return report;
    }
    // Subscribe, a few handshakes at a time, as a crowd arriving over a few seconds does.
    LiveCrowd crowd(address, quint16(options.server.port(80)),
                    QByteArray(ApiPaths::Live.data(), ApiPaths::Live.size()));
    QElapsedTimer subscribing;
    subscribing.start();
    crowd.start(options.clients, options.connectingAtOnce);
    waitFor([&] { return crowd.settled() == options.clients; }, 120s);
    report.subscribeSeconds = double(subscribing.nsecsElapsed()) / 1e9;
    report.subscribed = crowd.subscribed();
    waitFor([] { return false; }, 300ms);
    const ServerSample withClients = ServerSample::of(options.server);
    report.rssWithClientsBytes = withClients.rssBytes;
    report.serverLiveClients = withClients.liveClients;

    // The buyers, connected beforehand: what is timed is the feed, not their connecting.
    std::vector<std::unique_ptr<HttpConnection>> buyers;
    for (qsizetype i = 0; i < options.tokens.size(); ++i)
        buyers.push_back(std::make_unique<HttpConnection>(options.server,
                                                          HttpConnection::loopbackSource(int(i))));
    int opened = 0;
    for (const auto &buyer : buyers)
        buyer->open([&](bool) { ++opened; });
    waitFor([&] { return opened == int(buyers.size()); }, 30s);

    const QByteArray body = QJsonDocument(QJsonObject{{"eventId"_L1, options.eventId}})
                                .toJson(QJsonDocument::Compact);
    const ServerSample beforeBookings = ServerSample::of(options.server);
    const double benchCpuBefore = ownCpuSeconds();
    int sent = 0;
    int answered = 0;
    QTimer pacer;
    pacer.setInterval(options.interval);
    QObject::connect(&pacer, &QTimer::timeout, [&] {
        if (sent >= int(buyers.size())) {
            pacer.stop();
            return;
        }
        const int i = sent++;
        buyers[size_t(i)]->send(
            "POST"_ba, "/api/bookings"_ba, body,
            {{"Authorization"_ba, "Bearer "_ba + options.tokens.at(i).toLatin1()}},
            [&](const HttpConnection::Response &response) {
                ++answered;
                ++report.answers[response.kind()];
                if (response.status != 201)
                    ++report.refused;
            });
    });
    pacer.start();
    waitFor([&] { return answered == int(buyers.size()); },
            options.interval * qint64(buyers.size()) + 60s);
    // The last changes are on their way to some clients still: wait until nothing more comes.
    qint64 seen = crowd.received();
    QElapsedTimer quiet;
    quiet.start();
    waitFor(
        [&] {
            if (crowd.received() != seen) {
                seen = crowd.received();
                quiet.start();
            }
            return quiet.elapsed() > 1000;
        },
        15s);
    report.benchCpuSeconds = ownCpuSeconds() - benchCpuBefore;
    const ServerSample afterBookings = ServerSample::of(options.server);
    report.rssAfterBytes = afterBookings.rssBytes;
    if (beforeBookings.cpuSeconds >= 0 && afterBookings.cpuSeconds >= 0)
        report.serverCpuSeconds = afterBookings.cpuSeconds - beforeBookings.cpuSeconds;
    report.lostClients = crowd.lost();
    crowd.stop();
    report.handshakeFailures = crowd.failures();

    // Every count of the event any client saw is a change every client should have seen.
    Latencies latencies;
    QSet<int> counts;
    const QByteArray eventId = options.eventId.toUtf8();
    std::vector<QSet<int>> countsOf(size_t(options.clients));
    for (const LiveCrowd::Receipt &receipt : crowd.receipts()) {
        if (!receipt.text.contains(eventId))
            continue; // another event's change
        const auto message = LiveMessage::fromJson(QJsonDocument::fromJson(receipt.text).object());
        if (!message || !message->updatedAt.isValid())
            continue;
        ++report.messages;
        counts.insert(message->remainingTickets);
        countsOf[size_t(receipt.client)].insert(message->remainingTickets);
        latencies.add(receipt.receivedNs - message->updatedAt.toMSecsSinceEpoch() * 1'000'000);
    }
    report.changes = int(counts.size());
    for (const QSet<int> &got : countsOf) {
        if (!got.isEmpty() && got.size() == counts.size())
            ++report.clientsWithEveryChange;
    }
    report.p50Ms = latencies.percentileMs(0.50);
    report.p95Ms = latencies.percentileMs(0.95);
    report.p99Ms = latencies.percentileMs(0.99);
    report.maxMs = latencies.maxMs();
    return report;
}
