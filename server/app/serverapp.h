#pragma once

#include "common/result.h"
#include "config.h"

#include <QObject>

#include <memory>

class BookingEngine;
class Clock;
class Database;
class EventCache;
class IdempotencyService;
class PaymentGateway;
class RefreshTokenPruner;

//! What tests replace: time and the payment provider. Unset parts are the real ones (the
//! system clock, the simulated payment of the configuration).
struct ServerSeams
{
    const Clock *clock = nullptr;
    PaymentGateway *payments = nullptr;
};

//! The whole server wired together: database (embedded or external), migrations, seed data,
//! services and the HTTP API. Used by `booking-server` and, in-process, by the tests.
class ServerApp final : public QObject
{
    Q_OBJECT

public:
    enum class Seeding {
        Never, //!< leave the data alone
        WhenEmpty, //!< seed a database that has no users and no events
        Always, //!< add whatever seed data is missing
        Reset, //!< wipe everything, then seed
    };

    //! What openDatabase() does to the schema.
    enum class Schema {
        //! Migrate as the owner (DATABASE_OWNER_URL, else DATABASE_URL; the embedded
        //! superuser), then grant the serving role its rights.
        Migrate,
        //! Only check, as the serving role, that no migration is pending; refuse if one is.
        RequireCurrent,
    };

    explicit ServerApp(Config config, ServerSeams seams = {}, QObject *parent = nullptr);
    ~ServerApp() override;

    //! Starts the database (when embedded, with its least-privilege serving role), migrates or
    //! checks the schema, seeds (as the owner when migrating) and connects the pool as the
    //! serving role. Blocks.
    Result<void> openDatabase(Seeding seeding, Schema schema = Schema::Migrate);
    //! Starts serving HTTP. openDatabase() first.
    Result<quint16> listen();
    //! Stops accepting requests, lets running work finish, closes the database.
    void shutdown();

    //! The configuration in effect (with generated secrets filled in).
    const Config &config() const;
    Database &database();
    //! The booking engine, once listening.
    BookingEngine &bookingEngine();
    //! The answers of the event routes kept in memory, once listening.
    EventCache &eventCache();
    //! The Idempotency-Key store, once listening.
    IdempotencyService &idempotency();
    //! Names of the migrations applied by openDatabase().
    QStringList appliedMigrations() const;
    //! What seeding added, for the log.
    QString seedReport() const;
    //! Emails of the seed's demo users whose password is still the published one. Blocks.
    Result<QStringList> demoUsersWithPublishedPassword();
    //! Deletes expired refresh tokens (periodically by itself), once listening.
    RefreshTokenPruner &refreshTokenPruner();

private:
    struct Private;
    std::unique_ptr<Private> d;
};
