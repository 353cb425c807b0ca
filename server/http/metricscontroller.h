#pragma once

#include "clientaddress.h"

#include <functional>

class HttpMetrics;
class LiveHub;
class PrometheusText;
class QHttpServerRequest;
class QHttpServerResponder;
class ReplyDispatcher;
class Router;

//! GET /metrics in the Prometheus text format, for the operators' network only: clients outside
//! `allowed` (METRICS_ALLOW) get the 404 of a path that does not exist. Writes the HTTP
//! side's families and live_clients, then what `more` adds (the bookings, the database pool,
//! the process). Answers on the HTTP thread: every figure is a counter read, no query.
class MetricsController
{
public:
    struct Sources
    {
        const HttpMetrics &http;
        const LiveHub &live;
        //! The rest of the server's families; runs on the HTTP thread.
        std::function<void(PrometheusText &)> more;
    };

    MetricsController(Sources sources, QList<ClientAddress::Subnet> allowed,
                      const ClientAddress &clients, ReplyDispatcher &replies);

    void registerRoutes(Router &router);

private:
    void scrape(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    Sources m_sources;
    QList<ClientAddress::Subnet> m_allowed;
    const ClientAddress &m_clients;
    ReplyDispatcher &m_replies;
};
