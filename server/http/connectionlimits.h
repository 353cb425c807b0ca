#pragma once

#include <QByteArray>

#include <chrono>

//! The limits the connection guard enforces in front of QHttpServer.
struct ConnectionLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1024 * 1024;
    //! A connection with no request in progress and no traffic for this long is closed.
    std::chrono::milliseconds idleTimeout{30000};
    //! Connections beyond this many at once are answered 503 and closed.
    int maxConnections = 1000;
    //! The one path where a WebSocket upgrade is accepted; other upgrades are refused.
    QByteArray upgradePath = "/api/live";
};
