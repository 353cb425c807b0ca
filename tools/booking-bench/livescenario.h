#pragma once

#include "bookingscenarios.h"

#include <QStringList>
#include <QUrl>

#include <chrono>

//! The live feed under a crowd: `clients` WebSocket clients (each from its own loopback
//! address) subscribe, then buyers book one ticket each, one booking every `interval`, and
//! every client's receipt of every change is timed from the change's own time in the
//! database (the `updatedAt` of the message: when the reserving transaction changed the
//! count, just before it committed; milliseconds, so up to 1 ms too long). Bench and server
//! must share a clock: run them on one machine.
class LiveScenario
{
public:
    struct Options
    {
        QUrl server;
        QString eventId;
        QStringList tokens; //!< one buyer per booking
        int clients = 2000;
        std::chrono::milliseconds interval{100};
        //! Handshakes under way at once while the clients subscribe.
        int connectingAtOnce = 64;
    };
    struct Report
    {
        int clients = 0;
        int subscribed = 0;
        double subscribeSeconds = 0;
        AnswerCounts handshakeFailures; //!< by the server's status line or the socket error
        int serverLiveClients = -1; //!< the server's live_clients once all subscribed
        int lostClients = 0; //!< connections that ended during the run
        AnswerCounts answers; //!< the bookings' answers
        qint64 refused = 0; //!< bookings answered anything but 201
        int changes = 0; //!< distinct counts of the event that reached any client
        qint64 messages = 0; //!< the event's messages received, all clients together
        int clientsWithEveryChange = 0;
        double p50Ms = 0;
        double p95Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
        //! The server's resident memory (from its /metrics; -1 when it could not be read).
        qint64 rssBeforeBytes = -1; //!< before the clients connect
        qint64 rssWithClientsBytes = -1; //!< once they have
        qint64 rssAfterBytes = -1; //!< after the bookings
        //! The server's CPU time from the first booking until the last change had reached the
        //! clients (-1: unknown): the bookings' own work and the fan-out of their changes.
        double serverCpuSeconds = -1;
        //! This process's CPU time over the same span: reading the clients' sockets.
        double benchCpuSeconds = 0;
        //! The open-file limit this process got, and what it needed.
        qint64 fileLimit = 0;
        qint64 filesNeeded = 0;

        bool everyClientServed() const
        {
            return subscribed == clients && clientsWithEveryChange == clients && changes > 0;
        }
    };

    static Report run(const Options &options);
};
