#include "httpmetrics.h"

#include "prometheustext.h"
#include "requesttrace.h"

using namespace Qt::StringLiterals;

namespace {

//! The methods that exist; anything else is one label value, whatever a client sends.
QByteArray methodLabel(const QByteArray &method)
{
    static const QByteArrayList known{"GET"_ba,   "POST"_ba, "PUT"_ba,    "DELETE"_ba,
                                      "PATCH"_ba, "HEAD"_ba, "OPTIONS"_ba};
    return known.contains(method) ? method : "OTHER"_ba;
}

} // namespace

void HttpMetrics::record(const RequestTrace &trace, int status, qint64 bytes)
{
    ++m_requests[{trace.route, methodLabel(trace.method), status}];
    Histogram &histogram = m_durations[trace.route];
    const double seconds = double(trace.clock.nsecsElapsed()) / 1e9;
    for (size_t i = 0; i < Buckets.size(); ++i) {
        if (seconds <= Buckets[i])
            ++histogram.counts[i];
    }
    ++histogram.count;
    histogram.sum += seconds;
    m_responseBytes += quint64(bytes);
}

void HttpMetrics::write(PrometheusText &out) const
{
    out.family("http_requests_total", "counter",
               "HTTP requests answered, by method, route pattern and status.");
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it) {
        const auto &[route, method, status] = it.key();
        out.sample(
            "http_requests_total",
            {{"method"_ba, method}, {"route"_ba, route}, {"status"_ba, QByteArray::number(status)}},
            double(it.value()));
    }
    out.family("http_request_duration_seconds", "histogram",
               "Time from a request's head to its response being written, by route pattern.");
    for (auto it = m_durations.cbegin(); it != m_durations.cend(); ++it) {
        const Histogram &histogram = it.value();
        for (size_t i = 0; i < Buckets.size(); ++i) {
            out.sample("http_request_duration_seconds_bucket",
                       {{"route"_ba, it.key()}, {"le"_ba, QByteArray::number(Buckets[i])}},
                       double(histogram.counts[i]));
        }
        out.sample("http_request_duration_seconds_bucket",
                   {{"route"_ba, it.key()}, {"le"_ba, "+Inf"_ba}}, double(histogram.count));
        out.sample("http_request_duration_seconds_sum", {{"route"_ba, it.key()}}, histogram.sum);
        out.sample("http_request_duration_seconds_count", {{"route"_ba, it.key()}},
                   double(histogram.count));
    }
    out.family("http_response_bytes_total", "counter", "Bytes of responses written.");
    out.sample("http_response_bytes_total", double(m_responseBytes));
}
