#pragma once

#include <QMap>
#include <QStringList>
#include <QUrl>

#include <chrono>

//! The answers of a booking benchmark by kind: "201", "409 SOLD_OUT", "no answer"...
using AnswerCounts = QMap<QString, qint64>;

//! One hot event, a closed loop: `connections` buyers' connections (each from its own
//! loopback address), each booking as a new buyer as soon as its previous booking is
//! answered, for `duration`. With no payment delay this measures the booking engine itself.
class HotScenario
{
public:
    struct Options
    {
        QUrl server;
        QString eventId;
        QStringList tokens; //!< one per booking; the run ends early when they run out
        int connections = 64;
        std::chrono::milliseconds duration{10000};
    };
    struct Report
    {
        qint64 requests = 0;
        qint64 confirmed = 0;
        double seconds = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        AnswerCounts answers;
        bool ranOutOfBuyers = false;
        //! Confirmed bookings in each whole second of the run: a rate that falls as bookings
        //! pile up shows here.
        QList<qint64> perSecond;

        double bookingsPerSecond() const { return seconds > 0 ? confirmed / seconds : 0; }
    };

    static Report run(const Options &options);
};

//! A sale: every buyer (each with its own connection and loopback address, connected
//! beforehand) asks for a ticket at the same moment; how long until the last ticket is sold
//! and until every buyer has an answer.
class SelloutScenario
{
public:
    struct Options
    {
        QUrl server;
        QString eventId;
        QStringList tokens; //!< one per buyer
        qint64 serverPid = 0; //!< sampled for memory and threads while the sale runs
    };
    struct Report
    {
        int buyers = 0;
        qint64 sold = 0;
        double lastTicketMs = 0;
        double lastRefusalMs = 0; //!< when the last buyer without a ticket was told so
        double allAnsweredMs = 0;
        AnswerCounts answers;
        qint64 rssBeforeKb = 0;
        qint64 rssPeakKb = 0;
        int threadsBefore = 0;
        int threadsPeak = 0;
        bool connected = true; //!< every buyer's connection opened beforehand
    };

    static Report run(const Options &options);
};
