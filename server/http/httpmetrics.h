#pragma once

#include <QByteArray>
#include <QMap>

#include <array>
#include <tuple>

class PrometheusText;
struct RequestTrace;

//! What the HTTP side answered: requests by method, route pattern and status, and their
//! durations per route as a histogram. Labels come from bounded sets only (known methods,
//! route patterns, statuses), so a client cannot grow the series. Used on the HTTP thread.
class HttpMetrics
{
public:
    //! Upper bounds of the duration buckets, in seconds (Prometheus' defaults).
    static constexpr std::array<double, 11> Buckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                    0.5,   1,    2.5,   5,    10};

    //! One response written for `trace`'s request.
    void record(const RequestTrace &trace, int status, qint64 bytes);

    void write(PrometheusText &out) const;

private:
    struct Histogram
    {
        std::array<quint64, Buckets.size()> counts{};
        quint64 count = 0;
        double sum = 0;
    };

    //! By route, method and status; sorted, so that scrapes list series in a stable order.
    QMap<std::tuple<QByteArray, QByteArray, int>, quint64> m_requests;
    QMap<QByteArray, Histogram> m_durations;
    quint64 m_responseBytes = 0;
};
