#pragma once

#include "clientaddress.h"
#include "connectioncounts.h"
#include "connectionlimits.h"
#include "cors.h"
#include "httpmetrics.h"

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
};
