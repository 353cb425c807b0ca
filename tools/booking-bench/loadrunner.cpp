#include "loadrunner.h"

#include "latencies.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

class Client
{
public:
    Client(const LoadRunner::Options &options, Latencies &latencies, QMap<int, qint64> &statuses,
           qint64 &failures, const bool &stopping, int &active, QEventLoop &loop)
        : m_options(options)
        , m_latencies(latencies)
        , m_statuses(statuses)
        , m_failures(failures)
        , m_stopping(stopping)
        , m_active(active)
        , m_loop(loop)
    {
        m_request.setUrl(options.url);
        if (!options.body.isEmpty())
            m_request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        if (!options.bearerToken.isEmpty())
            m_request.setRawHeader("Authorization"_ba, "Bearer "_ba + options.bearerToken);
    }

    void send()
    {
        ++m_active;
        m_timer.start();
        QNetworkReply *reply
            = m_network.sendCustomRequest(m_request, m_options.method, m_options.body);
        QObject::connect(reply, &QNetworkReply::finished, &m_network, [this, reply] {
            m_latencies.add(m_timer.nsecsElapsed());
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            ++m_statuses[status];
            if (status < 200 || status >= 300)
                ++m_failures;
            reply->deleteLater();
            --m_active;
            if (!m_stopping)
                send();
            else if (m_active == 0)
                m_loop.quit();
        });
    }

private:
    const LoadRunner::Options &m_options;
    Latencies &m_latencies;
    QMap<int, qint64> &m_statuses;
    qint64 &m_failures;
    const bool &m_stopping;
    int &m_active;
    QEventLoop &m_loop;
    QNetworkAccessManager m_network;
    QNetworkRequest m_request;
    QElapsedTimer m_timer;
};

} // namespace

LoadRunner::Report LoadRunner::run(const Options &options)
{
    Report report;
    Latencies latencies;
    bool stopping = false;
    int active = 0;
    QEventLoop loop;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < options.connections; ++i)
        clients.push_back(std::make_unique<Client>(options, latencies, report.statuses,
                                                   report.failures, stopping, active, loop));
    QElapsedTimer wall;
    wall.start();
    for (auto &client : clients)
        client->send();
    QTimer::singleShot(options.duration, &loop, [&stopping] { stopping = true; });
    loop.exec();
    report.seconds = double(wall.nsecsElapsed()) / 1e9;
    report.requests = latencies.count();
    report.p50Ms = latencies.percentileMs(0.50);
    report.p95Ms = latencies.percentileMs(0.95);
    report.p99Ms = latencies.percentileMs(0.99);
    report.maxMs = latencies.maxMs();
    return report;
}
