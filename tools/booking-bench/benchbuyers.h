#pragma once

#include <QString>
#include <QStringList>

//! The people of a booking benchmark, made directly in its database: one event and `count`
//! users, each with an access token minted with the server's secret (signing in a thousand
//! buyers would measure bcrypt, not booking).
class BenchBuyers
{
public:
    //! What the database says about the event afterwards.
    struct Tally
    {
        int total = 0;
        int remaining = 0;
        int pending = 0;
        int confirmed = 0;

        //! Tickets sold beyond the event's total (must be 0).
        int oversold() const { return std::max(0, pending + confirmed - total); }
        //! remaining + PENDING + CONFIRMED = total
        bool balanced() const { return remaining + pending + confirmed == total; }
    };

    //! `databaseUrl` as DATABASE_URL; `accessSecret` as ACCESS_TOKEN_SECRET.
    BenchBuyers(QString databaseUrl, QByteArray accessSecret);
    ~BenchBuyers();

    //! Creates the event and the users; false with error() set.
    bool create(const QString &title, int tickets, int count);
    QString eventId() const { return m_eventId; }
    //! One bearer token per user, in order.
    const QStringList &tokens() const { return m_tokens; }
    //! The users' ids, in the order of their tokens.
    const QStringList &userIds() const { return m_userIds; }
    Tally tally() const;
    QString error() const { return m_error; }

private:
    QString m_connectionName;
    QByteArray m_accessSecret;
    QString m_eventId;
    QStringList m_tokens;
    QStringList m_userIds;
    QString m_error;
};
