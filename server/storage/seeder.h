#pragma once

#include "common/result.h"

#include <QDateTime>

class Database;

//! The seed data of the specification: three users (password Password123) and five events,
//! among them "Limited Concert" with exactly two tickets. Seeding is idempotent: users are
//! matched by email and events by title.
class Seeder
{
public:
    struct Report
    {
        int usersAdded = 0;
        int eventsAdded = 0;
    };

    static constexpr QLatin1StringView Password{"Password123"};

    explicit Seeder(Database &database)
        : m_database(database)
    { }

    //! True when there are no users and no events: a fresh database.
    Result<bool> isEmpty();
    //! Adds what is missing. `passwordHash` is the bcrypt hash of Password; event dates are
    //! counted from `now`, so that they are always upcoming.
    Result<Report> seed(const QString &passwordHash, const QDateTime &now);
    //! (email, password hash) of the demo users that exist.
    Result<QList<std::pair<QString, QString>>> demoUserPasswordHashes();
    //! Deletes every user, event, booking and token.
    Result<void> wipe();

private:
    Database &m_database;
};
