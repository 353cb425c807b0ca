#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>

#include <chrono>

//! A closed-loop HTTP load: `connections` clients, each with its own connection, each sending
//! its next request as soon as the previous answer arrives, for `duration`.
class LoadRunner
{
public:
    struct Options
    {
        QUrl url;
        int connections = 32;
        std::chrono::milliseconds duration{5000};
        QByteArray method = "GET";
        QByteArray body;
        QByteArray bearerToken;
    };

    struct Report
    {
        qint64 requests = 0;
        qint64 failures = 0; //!< no answer, or an answer other than 2xx
        double seconds = 0;
        double p50Ms = 0;
        double p95Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
        QMap<int, qint64> statuses;

        double requestsPerSecond() const { return seconds > 0 ? requests / seconds : 0; }
    };

    static Report run(const Options &options);
};
