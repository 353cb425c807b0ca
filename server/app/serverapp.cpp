#include "serverapp.h"

#include "filelimit.h"
#include "http/httpapi.h"
#include "secretstore.h"
#include "servermetrics.h"
#include "services/authservice.h"
#include "services/bookingengine.h"
#include "services/bookingservice.h"
#include "services/clock.h"
#include "services/eventcache.h"
#include "services/eventservice.h"
#include "services/healthservice.h"
#include "services/idempotencyservice.h"
#include "services/passwordhasher.h"
#include "services/refreshtokenpruner.h"
#include "services/simulatedpaymentgateway.h"
#include "services/tokenservice.h"
#include "storage/bookingrepository.h"
#include "storage/changelistener.h"
#include "storage/database.h"
#include "storage/embeddedpostgres.h"
#include "storage/eventrepository.h"
#include "storage/idempotencyrepository.h"
#include "storage/migrator.h"
#include "storage/privatefiles.h"
#include "storage/refreshtokenrepository.h"
#include "storage/seeder.h"
#include "storage/servingrole.h"
#include "storage/statusrepository.h"
#include "storage/userrepository.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApp, "booking.server.app", QtInfoMsg)

namespace {

//! The embedded database's serving role; its superuser owns the schema.
const QString EmbeddedServingRole = u"booking_app"_s;

} // namespace

struct ServerApp::Private
{
    Config config;
    std::unique_ptr<EmbeddedPostgres> embedded;
    std::unique_ptr<Database> database;
    QStringList appliedMigrations;
    QString seedReport;

    SystemClock systemClock;
    const Clock *clock = &systemClock;
    std::unique_ptr<SimulatedPaymentGateway> simulatedPayments;
    PaymentGateway *payments = nullptr;
    UserRepository users;
    EventRepository events;
    BookingRepository bookings;
    RefreshTokenRepository refreshTokens;
    IdempotencyRepository idempotencyKeys;
    StatusRepository status;
    std::unique_ptr<PasswordHasher> hasher;
    std::unique_ptr<TokenService> tokens;
    std::unique_ptr<AuthService> authService;
    std::unique_ptr<EventCache> eventCache;
    std::unique_ptr<EventService> eventService;
    std::unique_ptr<BookingService> bookingService;
    std::unique_ptr<BookingEngine> bookingEngine;
    std::unique_ptr<IdempotencyService> idempotencyService;
    std::unique_ptr<HealthService> healthService;
    std::unique_ptr<HttpApi> api;
    std::unique_ptr<ChangeListener> listener;
    ConnectionSettings databaseSettings;

    Result<void> seed(Database &target, Seeding seeding);

    // The schema's owner and the least-privilege role the API serves as.
    Result<std::pair<ConnectionSettings, ConnectionSettings>> startEmbedded();
    Result<void> prepareSchema(Database &owner, const ConnectionSettings &serving, Seeding seeding);
    std::unique_ptr<RefreshTokenPruner> refreshTokenPruner;
};

ServerApp::ServerApp(Config config, ServerSeams seams, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->config = std::move(config);
    if (seams.clock)
        d->clock = seams.clock;
    d->payments = seams.payments;
    if (!d->payments) {
        d->simulatedPayments = std::make_unique<SimulatedPaymentGateway>(
            d->config.paymentDelay, d->config.paymentDeclineRate);
        d->payments = d->simulatedPayments.get();
    }
}

ServerApp::~ServerApp()
{
    shutdown();
}

const Config &ServerApp::config() const
{
    return d->config;
}

Database &ServerApp::database()
{
    return *d->database;
}

BookingEngine &ServerApp::bookingEngine()
{
    return *d->bookingEngine;
}

EventCache &ServerApp::eventCache()
{
    return *d->eventCache;
}

IdempotencyService &ServerApp::idempotency()
{
    return *d->idempotencyService;
}

QStringList ServerApp::appliedMigrations() const
{
    return d->appliedMigrations;
}

QString ServerApp::seedReport() const
{
    return d->seedReport;
}

Result<void> ServerApp::openDatabase(Seeding seeding, Schema schema)
{
    ConnectionSettings serving;
    std::optional<ConnectionSettings> owner;
    if (d->config.database) {
        serving = *d->config.database;
        if (d->config.accessTokenSecret.isEmpty() || d->config.refreshTokenSecret.isEmpty())
            return Error(ErrorCode::ValidationFailed,
                         u"ACCESS_TOKEN_SECRET and REFRESH_TOKEN_SECRET must be set when "
                         u"DATABASE_URL is (every instance must share them)"_s);
        if (schema == Schema::Migrate)
            owner = d->config.databaseOwner.value_or(serving);
    } else {
        auto started = d->startEmbedded();
        if (!started)
            return started.error();
        std::tie(owner, serving) = *started;
    }

    d->hasher = std::make_unique<PasswordHasher>(d->config.bcryptCost);
    if (owner) {
        // The owner's connection does the schema's work and goes away before serving starts.
        Database ownerDatabase(*owner, Database::Options{1, 5});
        auto prepared = d->prepareSchema(ownerDatabase, serving, seeding);
        ownerDatabase.close();
        if (!prepared)
            return prepared.error();
    }

    d->databaseSettings = serving;
    d->database
        = std::make_unique<Database>(serving, Database::Options{d->config.databasePoolSize, 5});
    if (auto reachable = d->database->ping(); !reachable)
        return Error(ErrorCode::ServiceUnavailable,
                     u"cannot connect to the database at "_s + serving.describe() + u": "_s
                         + reachable.error().message);
    if (owner)
        return {};
    auto pending = Migrator(*d->database).pending();
    if (!pending)
        return pending.error();
    if (!pending->isEmpty())
        return Error(ErrorCode::ServiceUnavailable,
                     u"the database schema is not up to date (%1 migrations pending, the first "
                     u"%2): run 'booking-server migrate' with the schema owner's "
                     u"DATABASE_OWNER_URL first, or set DATABASE_OWNER_URL so that serve "
                     u"migrates"_s.arg(QString::number(pending->size()), pending->first()));
    return d->seed(*d->database, seeding);
}

Result<std::pair<ConnectionSettings, ConnectionSettings>> ServerApp::Private::startEmbedded()
{
    embedded = std::make_unique<EmbeddedPostgres>(
        EmbeddedPostgres::Options{config.dataDirectory, false});
    auto started = embedded->start();
    if (!started)
        return Error(started.error().code,
                     u"cannot start the embedded PostgreSQL: "_s + started.error().message);
    // Secrets of the embedded setup live beside its data, so tokens survive restarts.
    auto secrets = SecretStore::loadOrCreate(config.dataDirectory + u"/token-secrets"_s);
    if (!secrets)
        return secrets.error();
    if (config.accessTokenSecret.isEmpty())
        config.accessTokenSecret = secrets->accessSecret;
    if (config.refreshTokenSecret.isEmpty())
        config.refreshTokenSecret = secrets->refreshSecret;
    // Its superuser owns the schema; the API connects as a role that only reads and writes.
    auto password
        = PrivateFiles::loadOrCreateSecret(config.dataDirectory + u"/app-role-password"_s);
    if (!password)
        return password.error();
    ConnectionSettings serving = *started;
    serving.user = EmbeddedServingRole;
    serving.password = QString::fromLatin1(*password);
    return std::pair{*started, serving};
}

Result<void> ServerApp::Private::prepareSchema(Database &owner, const ConnectionSettings &serving,
                                               Seeding seeding)
{
    if (auto reachable = owner.ping(); !reachable)
        return Error(ErrorCode::ServiceUnavailable,
                     u"cannot connect to the database at "_s + owner.settings().describe()
                         + u" as the schema owner: "_s + reachable.error().message);
    auto migrated = Migrator(owner).migrate();
    if (!migrated)
        return migrated.error();
    appliedMigrations = *migrated;
    // Granted after every migration, so tables of later migrations are the role's too.
    if (serving.user != owner.settings().user) {
        ServingRole role(owner);
        if (auto ensured = role.ensureLogin(serving.user, serving.password); !ensured)
            return ensured.error();
        if (auto granted = role.grant(serving.user); !granted)
            return granted.error();
    }
    return seed(owner, seeding);
}

Result<void> ServerApp::Private::seed(Database &target, Seeding seeding)
{
    Seeder seeder(target);
    if (seeding == Seeding::Never)
        return {};
    if (seeding == Seeding::WhenEmpty) {
        auto empty = seeder.isEmpty();
        if (!empty)
            return empty.error();
        if (!*empty)
            return {};
    }
    if (seeding == Seeding::Reset) {
        if (auto wiped = seeder.wipe(); !wiped)
            return wiped.error();
    }
    auto hash = hasher->hash(Seeder::Password);
    if (!hash)
        return hash.error();
    auto report = seeder.seed(*hash, clock->now());
    if (!report)
        return report.error();
    seedReport
        = u"seeded %1 users and %2 events"_s.arg(report->usersAdded).arg(report->eventsAdded);
    return {};
}

Result<QStringList> ServerApp::demoUsersWithPublishedPassword()
{
    auto hashes = Seeder(*d->database).demoUserPasswordHashes();
    if (!hashes)
        return hashes.error();
    QStringList published;
    for (const auto &[email, hash] : std::as_const(*hashes)) {
        if (d->hasher->verify(Seeder::Password, hash))
            published.append(email);
    }
    return published;
}

RefreshTokenPruner &ServerApp::refreshTokenPruner()
{
    return *d->refreshTokenPruner;
}

Result<quint16> ServerApp::listen()
{
    Q_ASSERT(d->database);
    // Every connection the caps allow, the database connections, and some room. Caps beyond
    // what the hard limit allows are lowered to fit: connections that run the process out of
    // descriptors would lock everybody out, not only those beyond a cap.
    const qint64 reservedFiles = 2 * d->config.databasePoolSize + 256;
    const FileLimit::ConnectionCaps wantedCaps{d->config.maxConnections, d->config.maxLiveClients};
    const qint64 neededFiles = wantedCaps.requests + wantedCaps.live + reservedFiles;
    const qint64 files = FileLimit::raiseTo(neededFiles);
    const FileLimit::ConnectionCaps caps = FileLimit::capsWithin(files, reservedFiles, wantedCaps);
    if (caps != wantedCaps)
        qWarning("the open-file limit is %lld, below the %lld the connection caps need: at most "
                 "%lld request connections and %lld live clients (raise the hard limit, or lower "
                 "HTTP_MAX_CONNECTIONS and LIVE_MAX_CLIENTS to choose the split)",
                 files, neededFiles, caps.requests, caps.live);
    d->tokens = std::make_unique<TokenService>(
        TokenService::Settings{d->config.accessTokenSecret, d->config.refreshTokenSecret,
                               d->config.accessTokenLifetime, d->config.refreshTokenLifetime},
        *d->clock);
    d->authService = std::make_unique<AuthService>(*d->database, d->users, d->refreshTokens,
                                                   *d->hasher, *d->tokens);
    d->eventCache = std::make_unique<EventCache>(EventCache::Limits{
        d->config.eventCacheEntries, qsizetype(d->config.eventCacheMegabytes) * 1024 * 1024});
    d->eventService = std::make_unique<EventService>(*d->database, d->events, *d->eventCache);
    // This instance's own changes reach its cache at once, not a notification later: a buyer
    // who looks right after booking or cancelling sees it.
    const auto ticketsChanged = [cache = d->eventCache.get()](const QString &eventId) {
        cache->eventChanged(eventId);
    };
    d->bookingService
        = std::make_unique<BookingService>(*d->database, d->events, d->bookings, ticketsChanged);
    BookingEngine::Settings engine;
    engine.holdTtl = d->config.holdTtl;
    // At least every 5 s; a short hold (tests, demos) is swept more often.
    engine.ticketsChanged = ticketsChanged;
    engine.sweepInterval = std::clamp(d->config.holdTtl / 4, std::chrono::milliseconds(250),
                                      std::chrono::milliseconds(5000));
    d->bookingEngine = std::make_unique<BookingEngine>(*d->database, d->events, d->bookings,
                                                       *d->payments, *d->clock, engine);
    IdempotencyService::Settings idempotency;
    // A first request keeps its key while its booking may still be running.
    idempotency.inFlightLease = d->config.holdTtl + std::chrono::minutes(1);
    d->idempotencyService = std::make_unique<IdempotencyService>(*d->database, d->idempotencyKeys,
                                                                 *d->clock, idempotency);
    d->refreshTokenPruner = std::make_unique<RefreshTokenPruner>(
        *d->database, d->refreshTokens, *d->clock, RefreshTokenPruner::Settings{});
    d->healthService = std::make_unique<HealthService>(*d->database, d->status);
    HttpApi::Options options;
    options.allowedOrigins = QList<QByteArray>{d->config.frontendOrigin} + d->config.allowedOrigins;
    options.limits.idleTimeout = d->config.idleTimeout;
    options.limits.headTimeout = d->config.headTimeout;
    options.limits.minBodyBytesPerSecond = d->config.minBodyBytesPerSecond;
    options.limits.maxConnections = int(caps.requests);
    options.limits.maxConnectionsPerAddress = d->config.maxConnectionsPerAddress;
    options.limits.maxLiveClients = int(caps.live);
    options.limits.maxLiveClientsPerAddress = d->config.maxLiveClientsPerAddress;
    options.authAttemptsPerMinute = d->config.authAttemptsPerMinute;
    options.loginFailuresPerWindow = d->config.loginFailuresPerWindow;
    options.bookingRequestsPerMinute = d->config.bookingRequestsPerMinute;
    options.trustedProxies = d->config.trustedProxies;
    options.metricsAllowed = d->config.metricsAllowed;
    options.metrics = [this](PrometheusText &out) {
        ServerMetrics::write(out,
                             {*d->bookingEngine, *d->bookingService, *d->database,
                              d->listener.get(), *d->eventCache});
    };
    d->api = std::make_unique<HttpApi>(HttpApi::Services{*d->authService, *d->eventService,
                                                         *d->bookingService, *d->bookingEngine,
                                                         *d->idempotencyService, *d->healthService},
                                       d->database->pool(), options);
    auto port = d->api->listen(d->config.host, d->config.port);
    if (!port)
        return port;
    // Ticket counts changed by any instance reach this instance's live clients.
    // Probed four times a second: a lost feed turns the event cache off (and its kept answers
    // into the database's 503) within a quarter of a second, for a query costing microseconds.
    d->listener
        = std::make_unique<ChangeListener>(d->databaseSettings, std::chrono::milliseconds(250));
    connect(d->listener.get(), &ChangeListener::eventChanged, d->api.get(), &HttpApi::publish);
    connect(d->listener.get(), &ChangeListener::listeningChanged, d->api.get(),
            &HttpApi::setFeedLive);
    // The event cache is only as fresh as the feed: off (and empty) while it is not listening.
    EventCache *cache = d->eventCache.get();
    connect(d->listener.get(), &ChangeListener::eventChanged, this,
            [cache](const LiveMessage &change) { cache->eventChanged(change.eventId); });
    connect(d->listener.get(), &ChangeListener::catalogChanged, this,
            [cache] { cache->catalogChanged(); });
    connect(d->listener.get(), &ChangeListener::listeningChanged, this,
            [cache](bool listening) { cache->setEnabled(listening); });
    d->listener->start();
    return port;
}

void ServerApp::shutdown()
{
    if (d->api) {
        QElapsedTimer clock;
        clock.start();
        // Nobody new gets in; what was accepted is answered; no background work starts.
        d->api->stopListening();
        d->api->beginDrain();
        d->bookingEngine->beginDrain();
        d->refreshTokenPruner->stop();
        d->idempotencyService->stopPruning();
        // Its clients are gone: the live feed has nothing more to follow.
        d->listener.reset();
        // An event loop that sleeps until something happens, checked on a short period: the
        // server leaves within a few milliseconds of its last answer.
        const auto drained = [this] {
            return d->api->isDrained() && d->bookingEngine->isIdle();
        };
        if (!drained()) {
            QEventLoop loop;
            QTimer check;
            check.setInterval(std::chrono::milliseconds(5));
            connect(&check, &QTimer::timeout, &loop, [&] {
                if (drained())
                    loop.quit();
            });
            check.start();
            QTimer::singleShot(d->config.shutdownGrace, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (!drained()) {
            qCWarning(lcApp) << "the shutdown grace of" << d->config.shutdownGrace.count()
                             << "ms has passed:" << d->api->unansweredRequests()
                             << "requests not answered," << d->bookingEngine->inFlight()
                             << "bookings not settled (their holds expire)";
        }
        qCInfo(lcApp) << "drained in" << clock.elapsed() << "ms";
    }
    // Work on the pool refers to the services and answers through the API: let it finish
    // before either goes away.
    if (d->database)
        d->database->close();
    d->api.reset();
    d->idempotencyService.reset();
    d->refreshTokenPruner.reset();
    d->bookingEngine.reset();
    d->database.reset();
    if (d->embedded)
        d->embedded->stop();
}
