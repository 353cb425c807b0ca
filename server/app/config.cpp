#include "config.h"

#include "common/duration.h"
#include "http/clientaddress.h"

#include <QStandardPaths>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

class Reader
{
public:
    Reader(const QHash<QString, QString> &environment, const QHash<QString, QString> &dotEnv)
        : m_environment(environment)
        , m_dotEnv(dotEnv)
    { }

    std::optional<QString> value(const QString &name) const
    {
        if (auto it = m_environment.find(name); it != m_environment.end())
            return it.value();
        if (auto it = m_dotEnv.find(name); it != m_dotEnv.end())
            return it.value();
        return std::nullopt;
    }

    //! An integer within [minimum, maximum]; records an error naming the variable otherwise.
    void integer(const QString &name, qint64 minimum, qint64 maximum, auto &target)
    {
        const auto text = value(name);
        if (!text || error)
            return;
        bool ok = false;
        const qint64 number = text->trimmed().toLongLong(&ok);
        if (!ok || number < minimum || number > maximum) {
            fail(name, u"must be a whole number from %1 to %2"_s.arg(minimum).arg(maximum), *text);
            return;
        }
        target = std::remove_reference_t<decltype(target)>(number);
    }

    void duration(const QString &name, auto &target)
    {
        const auto text = value(name);
        if (!text || error)
            return;
        const auto parsed = Duration::parse(*text);
        if (!parsed || parsed->count() <= 0) {
            fail(name, u"must be a duration such as 900, 15m, 12h or 7d"_s, *text);
            return;
        }
        target = std::chrono::duration_cast<std::remove_reference_t<decltype(target)>>(*parsed);
    }

    //! A fraction within [0, 1].
    void fraction(const QString &name, double &target)
    {
        const auto text = value(name);
        if (!text || error)
            return;
        bool ok = false;
        const double number = text->trimmed().toDouble(&ok);
        if (!ok || !(number >= 0.0 && number <= 1.0)) {
            fail(name, u"must be a number from 0 to 1, such as 0.1"_s, *text);
            return;
        }
        target = number;
    }

    void fail(const QString &name, const QString &rule, const QString &got)
    {
        error
            = Error(ErrorCode::ValidationFailed,
                    name + u' ' + rule + (got.isNull() ? QString() : u" (got '"_s + got + u"')"_s));
    }

    std::optional<Error> error;

private:
    const QHash<QString, QString> &m_environment;
    const QHash<QString, QString> &m_dotEnv;
};

} // namespace

QString Config::defaultDataDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + u"/booking-server"_s;
}

Result<Config> Config::fromEnvironment(const QHash<QString, QString> &environment,
                                       const QHash<QString, QString> &dotEnv)
{
    Config config;
    config.dataDirectory = defaultDataDirectory();
    Reader reader(environment, dotEnv);

    reader.integer(u"APP_PORT"_s, 1, 65535, config.port);
    if (const auto host = reader.value(u"APP_HOST"_s); host && !reader.error) {
        const QString text = host->trimmed();
        if (text == u"localhost")
            config.host = QHostAddress::LocalHost;
        else if (!config.host.setAddress(text))
            reader.fail(u"APP_HOST"_s, u"must be an IP address such as 0.0.0.0 or 127.0.0.1"_s,
                        *host);
    }
    if (const auto frontend = reader.value(u"FRONTEND_URL"_s); frontend && !reader.error) {
        const QUrl url(frontend->trimmed(), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != u"http" && url.scheme() != u"https"))
            reader.fail(u"FRONTEND_URL"_s,
                        u"must be an http(s) URL such as http://localhost:3000"_s, *frontend);
        else
            config.frontendOrigin
                = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
                      .toString()
                      .toUtf8();
    }
    if (const auto origins = reader.value(u"ALLOWED_ORIGINS"_s); origins && !reader.error) {
        for (const QString &entry : origins->split(u',', Qt::SkipEmptyParts)) {
            const QUrl url(entry.trimmed(), QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty()
                || (!url.path().isEmpty() && url.path() != u"/") || url.hasQuery()
                || (url.scheme() != u"http" && url.scheme() != u"https")) {
                reader.fail(u"ALLOWED_ORIGINS"_s,
                            u"must be origins such as https://shop.example.com, "
                            u"http://localhost:5173"_s,
                            *origins);
                break;
            }
            config.allowedOrigins.append(url.adjusted(QUrl::RemovePath).toString().toUtf8());
        }
    }
    for (const auto &[name, target] : {std::pair{u"DATABASE_URL"_s, &config.database},
                                       std::pair{u"DATABASE_OWNER_URL"_s, &config.databaseOwner}}) {
        const auto url = reader.value(name);
        if (!url || url->trimmed().isEmpty() || reader.error)
            continue;
        auto settings = ConnectionSettings::fromUrl(url->trimmed());
        if (!settings)
            reader.fail(name, settings.error().message.section(u"DATABASE_URL "_s, 1), QString());
        else
            *target = *settings;
    }
    if (!reader.error && config.databaseOwner && !config.database)
        reader.fail(u"DATABASE_OWNER_URL"_s,
                    u"needs DATABASE_URL (the embedded database has its own owner)"_s, QString());
    // Listening beyond this machine is a choice for deployments, never a default of a laptop.
    if (!reader.value(u"APP_HOST"_s) && config.database)
        config.host = QHostAddress::Any;
    for (const auto &[name, target] :
         {std::pair{u"ACCESS_TOKEN_SECRET"_s, &config.accessTokenSecret},
          std::pair{u"REFRESH_TOKEN_SECRET"_s, &config.refreshTokenSecret}}) {
        // Empty is unset (an .env copied from .env.sample before it was filled in).
        const auto secret = reader.value(name);
        if (!secret || secret->isEmpty() || reader.error)
            continue;
        if (secret->size() < MinimumSecretLength)
            reader.fail(name, u"must be at least %1 characters long"_s.arg(MinimumSecretLength),
                        QString());
        else
            *target = secret->toUtf8();
    }
    reader.duration(u"ACCESS_TOKEN_TIME"_s, config.accessTokenLifetime);
    reader.duration(u"REFRESH_TOKEN_TIME"_s, config.refreshTokenLifetime);
    reader.integer(u"PAYMENT_DELAY_MS"_s, 0, 60000, config.paymentDelay);
    reader.fraction(u"PAYMENT_DECLINE_RATE"_s, config.paymentDeclineRate);
    reader.duration(u"HOLD_TTL"_s, config.holdTtl);
    if (!reader.error && config.holdTtl <= config.paymentDelay)
        reader.fail(u"HOLD_TTL"_s,
                    u"must be longer than PAYMENT_DELAY_MS, or no hold lasts "
                    u"until its payment ends"_s,
                    QString());
    reader.integer(u"BCRYPT_COST"_s, 10, MaximumBcryptCost, config.bcryptCost);
    reader.integer(u"DB_POOL_SIZE"_s, 1, 500, config.databasePoolSize);
    reader.duration(u"HTTP_IDLE_TIMEOUT"_s, config.idleTimeout);
    reader.integer(u"HTTP_MAX_CONNECTIONS"_s, 1, 100000, config.maxConnections);
    reader.integer(u"MAX_CONNECTIONS_PER_ADDRESS"_s, 1, 100000, config.maxConnectionsPerAddress);
    reader.integer(u"LIVE_MAX_CLIENTS"_s, 0, 100000, config.maxLiveClients);
    reader.integer(u"LIVE_MAX_CLIENTS_PER_ADDRESS"_s, 0, 100000, config.maxLiveClientsPerAddress);
    reader.integer(u"AUTH_RATE_LIMIT"_s, 0, 1000000, config.authAttemptsPerMinute);
    reader.integer(u"LOGIN_FAILURE_LIMIT"_s, 0, 1000000, config.loginFailuresPerWindow);
    reader.integer(u"BOOKING_RATE_LIMIT"_s, 0, 1000000, config.bookingRequestsPerMinute);
    reader.duration(u"SHUTDOWN_GRACE"_s, config.shutdownGrace);
    reader.integer(u"EVENT_CACHE_ENTRIES"_s, 0, 1000000, config.eventCacheEntries);
    reader.integer(u"EVENT_CACHE_MB"_s, 1, 65536, config.eventCacheMegabytes);
    if (const auto proxies = reader.value(u"TRUSTED_PROXIES"_s); proxies && !reader.error) {
        if (const auto parsed = ClientAddress::parseList(*proxies))
            config.trustedProxies = *parsed;
        else
            reader.fail(u"TRUSTED_PROXIES"_s,
                        u"must be addresses or CIDR ranges such as 172.18.0.0/16, 10.0.0.5"_s,
                        *proxies);
    }
    const QString metricsAllowed
        = reader.value(u"METRICS_ALLOW"_s)
              .value_or(u"127.0.0.0/8, ::1, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7"_s);
    if (const auto parsed = ClientAddress::parseList(metricsAllowed); parsed && !reader.error)
        config.metricsAllowed = *parsed;
    else if (!reader.error)
        reader.fail(u"METRICS_ALLOW"_s,
                    u"must be addresses or CIDR ranges such as 10.0.0.0/8, 127.0.0.1 (empty: "
                    u"nobody)"_s,
                    metricsAllowed);
    if (const auto format = reader.value(u"LOG_FORMAT"_s); format && !reader.error) {
        if (const auto parsed = Logging::parseFormat(format->trimmed()))
            config.logFormat = *parsed;
        else
            reader.fail(u"LOG_FORMAT"_s, u"must be text or json"_s, *format);
    }
    if (reader.error)
        return *reader.error;
    return config;
}
