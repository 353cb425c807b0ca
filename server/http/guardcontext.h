#pragma once

#include "clientaddress.h"
#include "connectioncounts.h"
#include "connectionlimits.h"
#include "cors.h"
#include "httpmetrics.h"

#include <QHash>
#include <QHostAddress>
#include <QPair>

class GuardedSocket;

//! What the guarded connections of one server share: the limits, the origins allowed, who the
//! client behind a proxy is, the counts of open connections and the request metrics.
struct GuardContext
{
    GuardContext(const ConnectionLimits &theLimits, Cors theCors, ClientAddress theClients)
        : limits(theLimits)
        , cors(std::move(theCors))
        , clients(std::move(theClients))
        , counts({theLimits.maxConnections, theLimits.maxConnectionsPerAddress},
                 {theLimits.maxLiveClients, theLimits.maxLiveClientsPerAddress})
    { }

    const ConnectionLimits limits;
    const Cors cors;
    const ClientAddress clients;
    ConnectionCounts counts;
    //! Requests answered, by method, route and status (on the HTTP thread).
    HttpMetrics metrics;
    //! The server is shutting down: every response from now on closes its connection, so
    //! that clients take their next request elsewhere.
    bool draining = false;
    //! Connections admitted as live clients, by their peer's address and port: QWebSocket
    //! (6.4) does not tell which connection it runs on, and the live feed writes to it.
    QHash<QPair<QHostAddress, quint16>, GuardedSocket *> upgraded;
};
