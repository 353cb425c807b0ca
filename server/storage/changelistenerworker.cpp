#include "changelistenerworker.h"

#include "pgconnection.h"
#include "sqltime.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcListener, "booking.server.storage.listener", QtInfoMsg)

ChangeListenerWorker::ChangeListenerWorker(ConnectionSettings settings,
                                           std::chrono::milliseconds watchdogInterval,
                                           std::shared_ptr<std::atomic<quint64>> replayFailures)
    : m_settings(std::move(settings))
    , m_connectionName(u"booking-listener-"_s + QUuid::createUuid().toString(QUuid::Id128))
    , m_watchdog(this)
    , m_replayFailures(std::move(replayFailures))
{
    m_watchdog.setInterval(watchdogInterval);
    connect(&m_watchdog, &QTimer::timeout, this, &ChangeListenerWorker::checkConnection);
}

ChangeListenerWorker::~ChangeListenerWorker()
{
    closeConnection();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void ChangeListenerWorker::start()
{
    connectAndSubscribe();
    m_watchdog.start();
}

void ChangeListenerWorker::stop()
{
    m_watchdog.stop();
    closeConnection();
}

bool ChangeListenerWorker::connectAndSubscribe()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isValid()) {
        // Keepalives: a database host that vanishes without closing the connection is
        // noticed in seconds, not when the kernel gives up.
        db = m_settings.addConnection(m_connectionName, {},
                                      {u"keepalives=1"_s, u"keepalives_idle=10"_s,
                                       u"keepalives_interval=5"_s, u"keepalives_count=3"_s,
                                       u"tcp_user_timeout=20000"_s});
        connect(db.driver(), &QSqlDriver::notification, this,
                &ChangeListenerWorker::onNotification);
    }
    if (!db.open()) {
        qCDebug(lcListener).noquote()
            << "cannot connect:" << db.lastError().databaseText().simplified();
        return false;
    }
    PgConnection::logNotices(db, lcListener());
    if (!db.driver()->subscribeToNotification(Channel)
        || !db.driver()->subscribeToNotification(CatalogChannel)) {
        qCWarning(lcListener).noquote()
            << "cannot LISTEN:" << db.driver()->lastError().text().simplified();
        db.close();
        return false;
    }
    // The watchdog's probe must not hang on a half-dead server either.
    QSqlQuery(db).exec(u"SET statement_timeout = '5s'"_s);
    const QDateTime lostSince = m_lastHealthy;
    if (!recordHealth())
        return false;
    if (lostSince.isValid()) {
        if (!replayChangesSince(lostSince)) {
            // Not listening yet: the clients would miss what changed meanwhile. The watchdog
            // reconnects and replays from the same point again.
            m_lastHealthy = lostSince;
            return false;
        }
        qCInfo(lcListener) << "listening again after a lost connection";
    }
    m_listening = true;
    m_reportedOnce = true;
    Q_EMIT listeningChanged(true);
    return true;
}

void ChangeListenerWorker::closeConnection()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (db.isOpen()) {
        db.driver()->unsubscribeFromNotification(Channel);
        db.driver()->unsubscribeFromNotification(CatalogChannel);
        db.close();
    }
}

bool ChangeListenerWorker::recordHealth()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen() || PgConnection::isBad(db))
        return false;
    QSqlQuery probe(db);
    if (!probe.exec(u"SELECT "_s + SqlTime::epochMillis(u"clock_timestamp()"_s)) || !probe.next())
        return false;
    m_lastHealthy = SqlTime::fromEpochMillis(probe.value(0));
    return true;
}

void ChangeListenerWorker::checkConnection()
{
    if (m_listening && recordHealth())
        return;
    if (m_listening || !m_reportedOnce) {
        qCWarning(lcListener) << "not listening to the database; reconnecting";
        m_listening = false;
        m_reportedOnce = true;
        Q_EMIT listeningChanged(false);
    }
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    // A fresh connection object: the old driver still holds the dead socket's notifier.
    QSqlDatabase::removeDatabase(m_connectionName);
    connectAndSubscribe();
}

bool ChangeListenerWorker::replayChangesSince(const QDateTime &since)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    query.prepare(u"SELECT id, remaining_tickets, total_tickets, "_s
                  + SqlTime::epochMillis(u"updated_at"_s)
                  + u" FROM events WHERE updated_at >= ? ORDER BY updated_at"_s);
    // A minute of slack for clock steps and transactions that committed late.
    query.addBindValue(since.addSecs(-60));
    if (!query.exec()) {
        const quint64 failures = m_replayFailures->fetch_add(1, std::memory_order_relaxed) + 1;
        qCWarning(lcListener).noquote()
            << "cannot replay the changes missed since" << since.toString(Qt::ISODateWithMs)
            << u"(failure %1); will retry:"_s.arg(failures)
            << query.lastError().databaseText().simplified();
        return false;
    }
    while (query.next())
        Q_EMIT eventChanged({query.value(0).toString(), query.value(1).toInt(),
                             query.value(2).toInt(), SqlTime::fromEpochMillis(query.value(3))});
    return true;
}

void ChangeListenerWorker::onNotification(const QString &name, QSqlDriver::NotificationSource,
                                          const QVariant &payload)
{
    if (name == CatalogChannel) {
        Q_EMIT catalogChanged();
        return;
    }
    if (name != Channel)
        return;
    const auto message
        = LiveMessage::fromJson(QJsonDocument::fromJson(payload.toString().toUtf8()).object());
    if (!message) {
        qCWarning(lcListener).noquote()
            << "ignoring a malformed notification:" << payload.toString();
        return;
    }
    Q_EMIT eventChanged(*message);
}
