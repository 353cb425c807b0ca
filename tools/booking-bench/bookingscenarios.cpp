#include "bookingscenarios.h"

#include "httpconnection.h"
#include "latencies.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

QByteArray bookingBody(const QString &eventId)
{
    return QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson(QJsonDocument::Compact);
}

QList<HttpConnection::Header> bearer(const QString &token)
{
    return {{"Authorization"_ba, "Bearer "_ba + token.toLatin1()}};
}

//! Resident memory (kB) and threads of a process, from /proc.
struct ProcessSample
{
    qint64 rssKb = 0;
    int threads = 0;

    static ProcessSample of(qint64 pid)
    {
        ProcessSample sample;
        QFile status(u"/proc/%1/status"_s.arg(pid));
        if (pid <= 0 || !status.open(QIODevice::ReadOnly))
            return sample;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                sample.rssKb = line.mid(6).trimmed().split(' ').value(0).toLongLong();
            else if (line.startsWith("Threads:"))
                sample.threads = line.mid(8).trimmed().toInt();
        }
        return sample;
    }
};

//! Opens one connection per buyer, from its own address; false if any fails.
bool openAll(const std::vector<std::unique_ptr<HttpConnection>> &connections)
{
    QEventLoop loop;
    qsizetype waiting = qsizetype(connections.size());
    bool allOpen = true;
    for (const auto &connection : connections) {
        connection->open([&](bool ok) {
            allOpen = allOpen && ok;
            if (--waiting == 0)
                loop.quit();
        });
    }
    if (waiting > 0)
        loop.exec();
    return allOpen;
}

} // namespace

HotScenario::Report HotScenario::run(const Options &options)
{
    Report report;
    const QByteArray body = bookingBody(options.eventId);
    std::vector<std::unique_ptr<HttpConnection>> connections;
    for (int i = 0; i < options.connections; ++i)
        connections.push_back(
            std::make_unique<HttpConnection>(options.server, HttpConnection::loopbackSource(i)));
    openAll(connections);

    QEventLoop loop;
    QElapsedTimer wall;
    Latencies latencies;
    qsizetype nextBuyer = 0;
    bool stopping = false;
    int active = 0;
    std::function<void(HttpConnection &)> bookNext = [&](HttpConnection &connection) {
        if (stopping || nextBuyer >= options.tokens.size()) {
            report.ranOutOfBuyers = report.ranOutOfBuyers || !stopping;
            if (active == 0)
                loop.quit();
            return;
        }
        ++active;
        auto started = std::make_shared<QElapsedTimer>();
        started->start();
        connection.send("POST"_ba, "/api/bookings"_ba, body, bearer(options.tokens.at(nextBuyer++)),
                        [&, started](const HttpConnection::Response &response) {
                            --active;
                            latencies.add(started->nsecsElapsed());
                            ++report.answers[response.kind()];
                            if (response.status == 201) {
                                ++report.confirmed;
                                const auto second = qsizetype(wall.elapsed() / 1000);
                                if (report.perSecond.size() <= second)
                                    report.perSecond.resize(second + 1);
                                ++report.perSecond[second];
                            }
                            bookNext(connection);
                        });
    };
    wall.start();
    QTimer::singleShot(options.duration, &loop, [&] { stopping = true; });
    for (const auto &connection : connections)
        bookNext(*connection);
    loop.exec();
    report.seconds = double(wall.nsecsElapsed()) / 1e9;
    // The last second is cut short by the end of the run.
    if (!report.perSecond.isEmpty())
        report.perSecond.removeLast();
    report.requests = latencies.count();
    report.p50Ms = latencies.percentileMs(0.50);
    report.p99Ms = latencies.percentileMs(0.99);
    return report;
}

SelloutScenario::Report SelloutScenario::run(const Options &options)
{
    Report report;
    report.buyers = int(options.tokens.size());
    const QByteArray body = bookingBody(options.eventId);
    std::vector<std::unique_ptr<HttpConnection>> connections;
    for (int i = 0; i < report.buyers; ++i)
        connections.push_back(
            std::make_unique<HttpConnection>(options.server, HttpConnection::loopbackSource(i)));
    // Connected first, as buyers waiting on the sale page are: the race is the bookings only.
    report.connected = openAll(connections);

    const ProcessSample before = ProcessSample::of(options.serverPid);
    report.rssBeforeKb = report.rssPeakKb = before.rssKb;
    report.threadsBefore = report.threadsPeak = before.threads;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const ProcessSample now = ProcessSample::of(options.serverPid);
        report.rssPeakKb = std::max(report.rssPeakKb, now.rssKb);
        report.threadsPeak = std::max(report.threadsPeak, now.threads);
    });
    sampler.start(20);

    QEventLoop loop;
    int waiting = report.buyers;
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < report.buyers; ++i) {
        connections[i]->send("POST"_ba, "/api/bookings"_ba, body, bearer(options.tokens.at(i)),
                             [&](const HttpConnection::Response &response) {
                                 const double ms = double(wall.nsecsElapsed()) / 1e6;
                                 ++report.answers[response.kind()];
                                 if (response.status == 201) {
                                     ++report.sold;
                                     report.lastTicketMs = ms;
                                 } else {
                                     report.lastRefusalMs = ms;
                                 }
                                 report.allAnsweredMs = ms;
                                 if (--waiting == 0)
                                     loop.quit();
                             });
    }
    if (waiting > 0)
        loop.exec();
    return report;
}
