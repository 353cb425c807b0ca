#include "serverapp.h"

#include "http/httpapi.h"
#include "secretstore.h"
#include "services/authservice.h"
#include "services/bookingengine.h"
#include "services/bookingservice.h"
#include "services/clock.h"
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
#include "storage/refreshtokenrepository.h"
#include "storage/seeder.h"
#include "storage/userrepository.h"

using namespace Qt::StringLiterals;

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
    std::unique_ptr<PasswordHasher> hasher;
    std::unique_ptr<TokenService> tokens;
    std::unique_ptr<AuthService> authService;
    std::unique_ptr<EventService> eventService;
    std::unique_ptr<BookingService> bookingService;
    std::unique_ptr<BookingEngine> bookingEngine;
    std::unique_ptr<IdempotencyService> idempotencyService;
    std::unique_ptr<HealthService> healthService;
    std::unique_ptr<HttpApi> api;
    std::unique_ptr<ChangeListener> listener;
    ConnectionSettings databaseSettings;

    Result<void> seed(Seeding seeding);

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

Result<void> ServerApp::openDatabase(Seeding seeding)
{
    ConnectionSettings settings;
    if (d->config.database) {
        settings = *d->config.database;
        if (d->config.accessTokenSecret.isEmpty() || d->config.refreshTokenSecret.isEmpty())
            return Error(ErrorCode::ValidationFailed,
                         u"ACCESS_TOKEN_SECRET and REFRESH_TOKEN_SECRET must be set when "
                         u"DATABASE_URL is (every instance must share them)"_s);
    } else {
        d->embedded = std::make_unique<EmbeddedPostgres>(
            EmbeddedPostgres::Options{d->config.dataDirectory, false});
        auto started = d->embedded->start();
        if (!started)
            return Error(started.error().code,
                         u"cannot start the embedded PostgreSQL: "_s + started.error().message);
        settings = *started;
        // Secrets of the embedded setup live beside its data, so tokens survive restarts.
        auto secrets = SecretStore::loadOrCreate(d->config.dataDirectory + u"/token-secrets"_s);
        if (!secrets)
            return secrets.error();
        if (d->config.accessTokenSecret.isEmpty())
            d->config.accessTokenSecret = secrets->accessSecret;
        if (d->config.refreshTokenSecret.isEmpty())
            d->config.refreshTokenSecret = secrets->refreshSecret;
    }

    d->databaseSettings = settings;
    d->database
        = std::make_unique<Database>(settings, Database::Options{d->config.databasePoolSize, 5});
    if (auto reachable = d->database->ping(); !reachable)
        return Error(ErrorCode::ServiceUnavailable,
                     u"cannot connect to the database at "_s + settings.describe() + u": "_s
                         + reachable.error().message);
    auto migrated = Migrator(*d->database).migrate();
    if (!migrated)
        return migrated.error();
    d->appliedMigrations = *migrated;

    d->hasher = std::make_unique<PasswordHasher>(d->config.bcryptCost);
    return d->seed(seeding);
}

Result<void> ServerApp::Private::seed(Seeding seeding)
{
    Seeder seeder(*database);
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

RefreshTokenPruner &ServerApp::refreshTokenPruner()
{
    return *d->refreshTokenPruner;
}

Result<quint16> ServerApp::listen()
{
    Q_ASSERT(d->database);
    d->tokens = std::make_unique<TokenService>(
        TokenService::Settings{d->config.accessTokenSecret, d->config.refreshTokenSecret,
                               d->config.accessTokenLifetime, d->config.refreshTokenLifetime},
        *d->clock);
    d->authService = std::make_unique<AuthService>(*d->database, d->users, d->refreshTokens,
                                                   *d->hasher, *d->tokens);
    d->eventService = std::make_unique<EventService>(*d->database, d->events);
    d->bookingService = std::make_unique<BookingService>(*d->database, d->events, d->bookings);
    BookingEngine::Settings engine;
    engine.holdTtl = d->config.holdTtl;
    // At least every 5 s; a short hold (tests, demos) is swept more often.
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
    d->healthService = std::make_unique<HealthService>(*d->database);
    HttpApi::Options options;
    options.frontendOrigin = d->config.frontendOrigin;
    options.limits.idleTimeout = d->config.idleTimeout;
    options.limits.maxConnections = d->config.maxConnections;
    options.authAttemptsPerMinute = d->config.authAttemptsPerMinute;
    options.trustedProxies = d->config.trustedProxies;
    d->api = std::make_unique<HttpApi>(HttpApi::Services{*d->authService, *d->eventService,
                                                         *d->bookingService, *d->bookingEngine,
                                                         *d->idempotencyService, *d->healthService},
                                       d->database->pool(), options);
    auto port = d->api->listen(d->config.host, d->config.port);
    if (!port)
        return port;
    // Ticket counts changed by any instance reach this instance's live clients.
    d->listener = std::make_unique<ChangeListener>(d->databaseSettings);
    connect(d->listener.get(), &ChangeListener::eventChanged, d->api.get(), &HttpApi::publish);
    connect(d->listener.get(), &ChangeListener::listeningChanged, d->api.get(),
            &HttpApi::setFeedLive);
    d->listener->start();
    return port;
}

void ServerApp::shutdown()
{
    d->listener.reset();
    if (d->api) {
        d->api->stopListening();
        // Bookings in flight commit; their buyers must hear so. The longest unit of work is a
        // reservation waiting for its lock (30 s), then the payment.
        const QDeadlineTimer deadline(std::chrono::seconds(35) + d->config.paymentDelay);
        d->api->drain(deadline);
        // Payments answered early (202) still settle.
        d->bookingEngine->drain(deadline);
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
