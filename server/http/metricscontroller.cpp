#include "metricscontroller.h"

#include "httpmetrics.h"
#include "livehub.h"
#include "prometheustext.h"
#include "replydispatcher.h"
#include "router.h"

#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

namespace {

const QString MetricsPath = u"/metrics"_s;

} // namespace

MetricsController::MetricsController(Sources sources, QList<ClientAddress::Subnet> allowed,
                                     const ClientAddress &clients, ReplyDispatcher &replies)
    : m_sources(std::move(sources))
    , m_allowed(std::move(allowed))
    , m_clients(clients)
    , m_replies(replies)
{ }

void MetricsController::registerRoutes(Router &router)
{
    router.add(Router::Method::Get, MetricsPath,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   scrape(request, std::move(responder));
               });
}

void MetricsController::scrape(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const RequestInfo info = RequestInfo::from(request);
    // Behind a trusted proxy the client is the one it names, not the proxy.
    if (!ClientAddress::isInAny(m_clients.of(request), m_allowed)) {
        m_replies.reply(
            responder, info,
            HttpReply::fromError(Error(ErrorCode::NotFound, u"Cannot GET "_s + MetricsPath)));
        return;
    }
    PrometheusText out;
    m_sources.http.write(out);
    out.family("live_clients", "gauge", "Clients connected to the live feed (WebSocket).");
    out.sample("live_clients", m_sources.live.clientCount());
    out.family("live_messages_total", "counter",
               "Messages of the live feed, each serialized once whatever the number of clients.");
    out.sample("live_messages_total", double(m_sources.live.counters().messagesSerialized));
    out.family("live_frames_sent_total", "counter", "Live feed messages written to clients.");
    out.sample("live_frames_sent_total", double(m_sources.live.counters().framesSent));
    if (m_sources.more)
        m_sources.more(out);
    m_replies.reply(responder, info,
                    HttpReply::raw(200, PrometheusText::ContentType.toByteArray(), out.text()));
}
