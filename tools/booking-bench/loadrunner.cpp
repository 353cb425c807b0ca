#include "loadrunner.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

class Client
{
public:
    Client(const LoadRunner::Options &options, std::vector<qint64> &latencies,
           QMap<int, qint64> &statuses, qint64 &failures, const bool &stopping, int &active,
           QEventLoop &loop)
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
            m_latencies.push_back(m_timer.nsecsElapsed());
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
    std::vector<qint64> &m_latencies;
    QMap<int, qint64> &m_statuses;
    qint64 &m_failures;
    const bool &m_stopping;
    int &m_active;
    QEventLoop &m_loop;
    QNetworkAccessManager m_network;
    QNetworkRequest m_request;
    QElapsedTimer m_timer;
};

double percentileMs(const std::vector<qint64> &sorted, double fraction)
{
    if (sorted.empty())
        return 0;
    const size_t index = std::min(sorted.size() - 1, size_t(fraction * double(sorted.size())));
    return double(sorted[index]) / 1e6;
}

} // namespace

LoadRunner::Report LoadRunner::run(const Options &options)
{
    Report report;
    std::vector<qint64> latencies;
    latencies.reserve(1 << 20);
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
    report.requests = qint64(latencies.size());
    std::sort(latencies.begin(), latencies.end());
    report.p50Ms = percentileMs(latencies, 0.50);
    report.p95Ms = percentileMs(latencies, 0.95);
    report.p99Ms = percentileMs(latencies, 0.99);
    report.maxMs = latencies.empty() ? 0 : double(latencies.back()) / 1e6;
    return report;
}
