#pragma once

#include "common/result.h"
#include "logging.h"
#include "storage/connectionsettings.h"

#include <QHash>
#include <QHostAddress>

#include <chrono>
#include <optional>

//! The server's configuration: environment variables (a `.env` file fills in what the real
//! environment does not set) and command-line overrides. Every value is checked; a bad one is
//! refused with a message naming the variable.
struct Config
{
    //! APP_HOST; unset: loopback with the embedded database, every address with DATABASE_URL.
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 3001;
    QByteArray frontendOrigin = "http://localhost:3000";
    //! Further origins allowed for CORS and the live feed (ALLOWED_ORIGINS).
    QList<QByteArray> allowedOrigins;
    //! Unset: run the embedded PostgreSQL in dataDirectory.
    std::optional<ConnectionSettings> database;
    //! DATABASE_OWNER_URL: the role that owns the schema and migrates. Unset: DATABASE_URL's
    //! role migrates when asked to (`migrate`, `seed`), and `serve` only checks the schema.
    std::optional<ConnectionSettings> databaseOwner;
    QString dataDirectory;
    QByteArray accessTokenSecret;
    QByteArray refreshTokenSecret;
    std::chrono::seconds accessTokenLifetime{15 * 60};
    std::chrono::seconds refreshTokenLifetime{7 * 24 * 3600};
    std::chrono::milliseconds paymentDelay{1000};
    //! The share of simulated payments declined, 0 to 1 (for tests and demos).
    double paymentDeclineRate = 0;
    //! How long a held ticket waits for its payment before it goes back on sale.
    std::chrono::milliseconds holdTtl{10 * 60 * 1000};
    int bcryptCost = 10;
    int databasePoolSize = 16;
    //! Beyond the seed: the connection guard's idle timeout and connection caps.
    std::chrono::milliseconds idleTimeout{30000};
    //! A request head must arrive whole within this time; a body at this rate (after as much
    //! time again).
    std::chrono::milliseconds headTimeout{10000};
    qint64 minBodyBytesPerSecond = 1024;
    int maxConnections = 2048;
    int maxConnectionsPerAddress = 256;
    int maxLiveClients = 5000;
    int maxLiveClientsPerAddress = 32;
    //! Register, login and refresh attempts per minute per client address (0: unlimited).
    int authAttemptsPerMinute = 60;
    //! Failed sign-ins per 15 minutes per submitted email (0: unlimited).
    int loginFailuresPerWindow = 10;
    //! Booking requests (book, cancel) per minute per user (0: unlimited).
    int bookingRequestsPerMinute = 60;
    //! Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed.
    QList<QPair<QHostAddress, int>> trustedProxies;
    //! Who may read /metrics (METRICS_ALLOW): loopback and the private ranges by default.
    QList<QPair<QHostAddress, int>> metricsAllowed;
    //! The event cache (EVENT_CACHE_ENTRIES, EVENT_CACHE_MB): answers of the event routes kept in
    //! memory, at most this many and this large. 0 entries: no cache.
    int eventCacheEntries = 2000;
    int eventCacheMegabytes = 16;
    //! LOG_FORMAT: text for people, json for log collectors.
    Logging::Format logFormat = Logging::Format::Text;
    //! After SIGTERM or SIGINT: how long requests already accepted and payments under way may
    //! take to finish before the server stops anyway (SHUTDOWN_GRACE).
    std::chrono::milliseconds shutdownGrace{10000};

    static constexpr int MinimumSecretLength = 32;
    static constexpr int MaximumBcryptCost = 14;

    //! `environment` wins over `dotEnv`.
    static Result<Config> fromEnvironment(const QHash<QString, QString> &environment,
                                          const QHash<QString, QString> &dotEnv);
    //! The default data directory of the embedded database for the current user.
    static QString defaultDataDirectory();
};
