#pragma once

#include <QByteArray>

#include <chrono>

//! The limits the connection guard enforces in front of QHttpServer.
struct ConnectionLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1024 * 1024;
    //! A connection with no request in progress and no answer owed for this long is closed.
    std::chrono::milliseconds idleTimeout{30000};
    //! The whole request line and headers must arrive within this time of their first byte.
    std::chrono::milliseconds headTimeout{10000};
    //! A body must arrive at this rate at least, after a grace period of headTimeout.
    qint64 minBodyBytesPerSecond = 1024;
    //! Request connections at once, in all and per client address; beyond them 503.
    int maxConnections = 2048;
    int maxConnectionsPerAddress = 256;
    //! Live (WebSocket) clients at once, in all and per client address.
    int maxLiveClients = 5000;
    int maxLiveClientsPerAddress = 32;
    //! Requests read ahead of their answers: beyond this many, reading waits (back-pressure).
    int maxPendingResponses = 16;
    //! The one path where a WebSocket upgrade is accepted; other upgrades are refused.
    QByteArray upgradePath = "/api/live";
};
