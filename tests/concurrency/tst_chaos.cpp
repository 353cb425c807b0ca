#include "benchbuyers.h"
#include "httpconnection.h"
#include "serverprocess.h"
#include "testclient.h"
#include "testcluster.h"
#include "testserver.h"
#include "timescale.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <atomic>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// The sale: more buyers than tickets, arriving over a few seconds, paying for 1 s each.
constexpr int Tickets = 200;
constexpr int BuyerCount = 300;
constexpr int ArrivalSpreadMs = 6000;
constexpr int PaymentDelayMs = 1000;
constexpr int HoldTtlMs = 3000;
// The server sweeps expired holds every HOLD_TTL / 4.
constexpr int SweepIntervalMs = HoldTtlMs / 4;
// The chaos, in time since the sale opened and before the tickets run out (at about 4 s):
// instance A dies while its buyers pay, then PostgreSQL restarts while instance B, which has
// every buyer now, reserves and settles.
constexpr int KillAtMs = 1500;
constexpr int RestartAtMs = 3000;
// A request whose instance died keeps its Idempotency-Key for HOLD_TTL + 1 minute (the
// server's lease); its buyer is answered 409 IDEMPOTENCY_IN_FLIGHT until then, and so the
// sale lasts about a minute.
constexpr int KeyLeaseMs = HoldTtlMs + 60000;
constexpr int AttemptTimeoutMs = 20000;
constexpr int MaxBackOffMs = 2000;

//! One request of a buyer, as the buyer saw it. Times are milliseconds since the sale opened.
struct Attempt
{
    qint64 sentMs = 0;
    qint64 doneMs = -1;
    int instance = 0;
    int status = 0; //!< 0: no answer (connection refused or lost, or timed out)
    QString code;
    bool timedOut = false;
};

//! A buyer: one user, one connection at a time from its own loopback address, and one
//! Idempotency-Key that every retry of its one booking request carries.
struct Buyer
{
    int index = 0;
    QString userId;
    QByteArray token;
    QByteArray key;
    QHostAddress source;
    int instance = 0; //!< where the next attempt goes
    quint64 generation = 0; //!< the attempt whose answer counts; older ones are ignored
    QList<Attempt> attempts;

    bool answered = false;
    int status = 0;
    QString code;
    QString bookingId;
    QString bookingStatus;
    bool replayed = false;
    qint64 answeredEpochMs = 0; //!< wall clock, to compare with the database's timestamps

    QString history() const
    {
        QStringList steps;
        for (const Attempt &attempt : attempts)
            steps.append(u"%1..%2ms %3 -> %4%5%6"_s.arg(attempt.sentMs)
                             .arg(attempt.doneMs)
                             .arg(attempt.instance == 0 ? u"A"_s : u"B"_s)
                             .arg(attempt.status)
                             .arg(attempt.code.isEmpty() ? QString() : u' ' + attempt.code)
                             .arg(attempt.timedOut ? u" (timed out)"_s : QString()));
        return u"buyer %1 (user %2): "_s.arg(index).arg(userId) + steps.join(u", "_s);
    }
};

//! Whether an answer tells the buyer how its booking ended, or asks it to try again. A
//! connection that failed, a 5xx (a 503 frees the key) or a key still held by a request that
//! has not ended (its instance may have died) are tried again with the same key.
bool isFinal(int status, const QString &code)
{
    if (status == 0 || status >= 500 || status == 429)
        return false;
    return !(status == 409 && code == u"IDEMPOTENCY_IN_FLIGHT");
}

//! The buyers of the sale, on a thread of their own: they keep trying while the test's thread
//! is blocked restarting PostgreSQL, as real clients would.
class Crowd final : public QObject
{
public:
    struct Options
    {
        QList<QUrl> servers; //!< instance A, instance B
        QString eventId;
        int deadlineMs = 0;
    };

    Crowd(Options options, std::vector<Buyer> &buyers, const QElapsedTimer &sale,
          const std::atomic<bool> &abort)
        : m_options(std::move(options))
        , m_buyers(buyers)
        , m_sale(sale)
        , m_abort(abort)
        , m_body(QJsonDocument(QJsonObject{{"eventId"_L1, m_options.eventId}})
                     .toJson(QJsonDocument::Compact))
    { }

    //! Runs the sale on the calling thread until every buyer has its answer, the deadline
    //! passes or the test gives up.
    void run()
    {
        m_waiting = int(m_buyers.size());
        for (Buyer &buyer : m_buyers) {
            const qint64 arrival = qint64(buyer.index) * ArrivalSpreadMs / BuyerCount;
            QTimer::singleShot(std::max<qint64>(0, arrival - m_sale.elapsed()), this,
                               [this, &buyer] { attempt(buyer); });
        }
        QTimer watch;
        connect(&watch, &QTimer::timeout, this, [this] {
            if (m_abort || m_sale.elapsed() > m_options.deadlineMs)
                m_loop.quit();
        });
        watch.start(100);
        if (m_waiting > 0)
            m_loop.exec();
        // The connections still open close here, on their own thread.
        qDeleteAll(findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
    }

private:
    void attempt(Buyer &buyer)
    {
        const quint64 generation = ++buyer.generation;
        buyer.attempts.append(Attempt{m_sale.elapsed(), -1, buyer.instance, 0, {}, false});
        auto *connection
            = new HttpConnection(m_options.servers[buyer.instance], buyer.source, this);
        const QList<HttpConnection::Header> headers{
            {"Authorization"_ba, "Bearer "_ba + buyer.token},
            {"Idempotency-Key"_ba, buyer.key},
            {"X-Request-Id"_ba,
             "chaos-"_ba + QByteArray::number(buyer.index) + '-'
                 + QByteArray::number(buyer.attempts.size())}};
        // A request that hangs is given up (its connection closed) and sent again.
        QTimer::singleShot(AttemptTimeoutMs, connection, [this, &buyer, generation, connection] {
            if (buyer.generation != generation)
                return;
            ++buyer.generation;
            buyer.attempts.last().doneMs = m_sale.elapsed();
            buyer.attempts.last().timedOut = true;
            connection->deleteLater();
            retry(buyer, true);
        });
        connection->send(
            "POST"_ba, "/api/bookings"_ba, m_body, headers,
            [this, &buyer, generation, connection](const HttpConnection::Response &response) {
                connection->deleteLater();
                if (buyer.generation == generation)
                    answered(buyer, response);
            });
    }

    void answered(Buyer &buyer, const HttpConnection::Response &response)
    {
        ++buyer.generation;
        Attempt &attempt = buyer.attempts.last();
        attempt.doneMs = m_sale.elapsed();
        attempt.status = response.status;
        attempt.code = response.code();
        if (!isFinal(response.status, attempt.code)) {
            retry(buyer, response.status == 0);
            return;
        }
        buyer.answered = true;
        buyer.status = response.status;
        buyer.code = attempt.code;
        buyer.replayed = response.header("Idempotent-Replayed") == "true";
        buyer.answeredEpochMs = QDateTime::currentMSecsSinceEpoch();
        const QJsonObject booking
            = QJsonDocument::fromJson(response.body).object().value("booking"_L1).toObject();
        buyer.bookingId = booking.value("id"_L1).toString();
        buyer.bookingStatus = booking.value("status"_L1).toString();
        if (--m_waiting == 0)
            m_loop.quit();
    }

    //! Back-off with jitter, up to MaxBackOffMs; a buyer whose instance did not answer at all
    //! goes to the other one.
    void retry(Buyer &buyer, bool otherInstance)
    {
        if (otherInstance)
            buyer.instance = 1 - buyer.instance;
        const int tries = int(std::min<qsizetype>(buyer.attempts.size(), 5));
        const int ceiling = std::min(MaxBackOffMs, 100 << tries);
        const int delay = QRandomGenerator::global()->bounded(ceiling / 2, ceiling + 1);
        QTimer::singleShot(delay, this, [this, &buyer] { attempt(buyer); });
    }

    const Options m_options;
    std::vector<Buyer> &m_buyers;
    const QElapsedTimer &m_sale;
    const std::atomic<bool> &m_abort;
    const QByteArray m_body;
    QEventLoop m_loop;
    int m_waiting = 0;
};

//! A booking row as the database has it after the sale.
struct BookingRow
{
    QString id;
    QString userId;
    QString status;
    qint64 createdEpochMs = 0;
    //! For a released hold: how long after its expiry it was released.
    qint64 releasedAfterExpiryMs = 0;
};

} // namespace

//! Chaos on a sale: two server instances on one database, 300 buyers for 200 tickets, each
//! retrying with its own Idempotency-Key until it knows how its booking ended; one instance
//! is killed with SIGKILL mid-sale and PostgreSQL restarts mid-sale. Afterwards the database
//! must agree with what every buyer was told, and no ticket may be lost or sold twice.
class TestChaos final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void saleSurvivesAKilledInstanceAndADatabaseRestart();

private:
    void configure(ServerProcess &server) const;
    QList<BookingRow> bookingRows(const QString &eventId);
    QVariant scalar(const QString &sql, const QVariantList &values);

    TestCluster m_cluster;
    QString m_checkConnection;
};

void TestChaos::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
}

void TestChaos::cleanupTestCase()
{
    if (!m_checkConnection.isEmpty()) {
        QSqlDatabase::database(m_checkConnection, false).close();
        QSqlDatabase::removeDatabase(m_checkConnection);
    }
    m_cluster.stop();
}

void TestChaos::configure(ServerProcess &server) const
{
    // Both instances accept the tokens minted for the buyers.
    server.useCluster(m_cluster);
    QProcessEnvironment &environment = server.environment();
    environment.insert(u"APP_HOST"_s, u"127.0.0.1"_s);
    environment.insert(u"PAYMENT_DELAY_MS"_s, QString::number(PaymentDelayMs));
    environment.insert(u"HOLD_TTL"_s, u"%1ms"_s.arg(HoldTtlMs));
    environment.insert(u"BOOKING_RATE_LIMIT"_s, u"0"_s);
    environment.insert(u"AUTH_RATE_LIMIT"_s, u"0"_s);
    environment.insert(u"DB_POOL_SIZE"_s, u"8"_s);
}

QVariant TestChaos::scalar(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(QSqlDatabase::database(m_checkConnection, false));
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next()) {
        qWarning() << "check query failed:" << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

QList<BookingRow> TestChaos::bookingRows(const QString &eventId)
{
    QSqlQuery query(QSqlDatabase::database(m_checkConnection, false));
    query.prepare(
        u"SELECT id, user_id, status, floor(extract(epoch FROM created_at) * 1000)::bigint, "
        u"(extract(epoch FROM updated_at - expires_at) * 1000)::bigint FROM bookings "
        u"WHERE event_id = ?"_s);
    query.addBindValue(eventId);
    QList<BookingRow> rows;
    if (!query.exec()) {
        qWarning() << "cannot read the bookings:" << query.lastError().text();
        return rows;
    }
    while (query.next())
        rows.append(BookingRow{query.value(0).toString(), query.value(1).toString(),
                               query.value(2).toString(), query.value(3).toLongLong(),
                               query.value(4).toLongLong()});
    return rows;
}

void TestChaos::saleSurvivesAKilledInstanceAndADatabaseRestart()
{
    // Both instances migrate at start (the owner's URL is given), under an advisory lock.
    ServerProcess doomed;
    ServerProcess survivor;
    configure(doomed);
    configure(survivor);
    QVERIFY2(doomed.start(), qPrintable(doomed.output()));
    QVERIFY2(survivor.start(), qPrintable(survivor.output()));

    // Users made in the database with tokens minted with the servers' secret: 300 bcrypt
    // sign-ups would take longer than the sale.
    std::vector<Buyer> buyers;
    QString eventId;
    {
        BenchBuyers people(m_cluster.url(), QByteArray(TestServer::AccessSecret.data()));
        QVERIFY2(people.create(u"Chaos Night"_s, Tickets, BuyerCount), qPrintable(people.error()));
        eventId = people.eventId();
        for (int i = 0; i < BuyerCount; ++i) {
            Buyer buyer;
            buyer.index = i;
            buyer.userId = people.userIds().at(i);
            buyer.token = people.tokens().at(i).toLatin1();
            buyer.key = "chaos-"_ba + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
            buyer.source = HttpConnection::loopbackSource(i);
            buyer.instance = i % 2;
            buyers.push_back(std::move(buyer));
        }
    }

    const Crowd::Options options{{doomed.apiBase().adjusted(QUrl::RemovePath),
                                  survivor.apiBase().adjusted(QUrl::RemovePath)},
                                 eventId,
                                 KeyLeaseMs + 30000};
    QElapsedTimer sale;
    std::atomic<bool> abort = false;
    sale.start();
    std::unique_ptr<QThread> crowd(
        QThread::create([&] { Crowd(options, buyers, sale, abort).run(); }));
    crowd->start();
    // Whatever fails below, the buyers' thread ends before what it refers to.
    const auto join = qScopeGuard([&] {
        abort = true;
        crowd->wait();
    });

    QTest::qWait(int(std::max<qint64>(0, KillAtMs - sale.elapsed())));
    // kill() waits for the process to be gone: the time is taken before.
    const qint64 killedAtMs = sale.elapsed();
    doomed.kill();
    QTest::qWait(int(std::max<qint64>(0, RestartAtMs - sale.elapsed())));
    const qint64 restartBeganMs = sale.elapsed();
    QVERIFY2(m_cluster.restart(), qPrintable(m_cluster.error()));
    const qint64 restartEndedMs = sale.elapsed();

    QTRY_VERIFY_WITH_TIMEOUT(crowd->isFinished(), options.deadlineMs + 10000);
    const qint64 saleMs = sale.elapsed();

    // What the buyers saw.
    QMap<QString, int> answers;
    QStringList unexpected;
    QStringList unanswered;
    int cutOffByKill = 0;
    int attempts = 0;
    int unavailable = 0;
    int inFlight = 0;
    int replayed = 0;
    qint64 lastAnswerMs = 0;
    for (const Buyer &buyer : buyers) {
        for (const Attempt &attempt : buyer.attempts) {
            ++attempts;
            if (attempt.instance == 0 && attempt.status == 0 && attempt.sentMs < killedAtMs
                && attempt.doneMs >= killedAtMs)
                ++cutOffByKill;
            unavailable += attempt.status == 503;
            inFlight += attempt.code == u"IDEMPOTENCY_IN_FLIGHT";
            // 503 (an outage, the key freed) and 409 IDEMPOTENCY_IN_FLIGHT are expected on the
            // way; a 500 or a 429 (limits are off) is not.
            if ((attempt.status >= 500 && attempt.status != 503) || attempt.status == 429)
                unexpected.append(buyer.history());
            lastAnswerMs = std::max(lastAnswerMs, attempt.doneMs);
        }
        if (!buyer.answered) {
            unanswered.append(buyer.history());
            continue;
        }
        answers[u"%1 %2"_s.arg(buyer.status).arg(buyer.code).trimmed()] += 1;
        replayed += buyer.replayed;
        const bool expected = buyer.status == 201
            || (buyer.status == 409
                && QStringList{u"SOLD_OUT"_s, u"ALREADY_BOOKED"_s, u"HOLD_EXPIRED"_s}.contains(
                    buyer.code));
        if (!expected)
            unexpected.append(buyer.history());
    }
    QStringList summary;
    for (auto it = answers.cbegin(); it != answers.cend(); ++it)
        summary.append(u"%1 x %2"_s.arg(it.key()).arg(it.value()));
    qInfo().noquote() << u"sale: %1 ms (killed A at %2 ms, PostgreSQL down %3..%4 ms, last "
                         u"answer at %5 ms); %6 attempts, %7 cut off by the kill, %8 x 503, %9 x "
                         u"IDEMPOTENCY_IN_FLIGHT; answers: %10 (%11 replayed)"_s.arg(saleMs)
                             .arg(killedAtMs)
                             .arg(restartBeganMs)
                             .arg(restartEndedMs)
                             .arg(lastAnswerMs)
                             .arg(attempts)
                             .arg(cutOffByKill)
                             .arg(unavailable)
                             .arg(inFlight)
                             .arg(summary.join(u", "_s))
                             .arg(replayed);

    // Every buyer learned how its booking ended; nobody gave up.
    QVERIFY2(unanswered.isEmpty(),
             qPrintable(u"%1 buyers without an answer, e.g. "_s.arg(unanswered.size())
                        + unanswered.mid(0, 5).join(u"; "_s)));
    QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.mid(0, 5).join(u"; "_s)));
    // The kill hit requests in flight, or the test tested nothing.
    QVERIFY2(cutOffByKill > 0, "no request was in flight on instance A when it was killed");

    // The survivor came through the database restart.
    QVERIFY(doomed.pid() == 0);
    TestClient client(survivor.apiBase().adjusted(QUrl::RemovePath));
    QTRY_COMPARE_WITH_TIMEOUT(client.get(u"/api/health"_s).status, 200, 10000);

    m_checkConnection = u"chaos-check"_s;
    QVERIFY(m_cluster.settings().addConnection(m_checkConnection).open());
    // Holds of the killed instance expire and the survivor releases them: after the last
    // answer, within a hold's time and a sweep or two, nothing is PENDING any more.
    const auto pending = [&] {
        return scalar(u"SELECT count(*) FROM bookings WHERE event_id = ? AND status = "
                      u"'PENDING'"_s,
                      {eventId})
            .toInt();
    };
    QTRY_COMPARE_WITH_TIMEOUT(pending(), 0,
                              (HoldTtlMs + 2 * SweepIntervalMs) * testTimeScale() + 5000);

    const QList<BookingRow> rows = bookingRows(eventId);
    QHash<QString, BookingRow> byId;
    QHash<QString, QList<BookingRow>> byUser;
    QMap<QString, int> statuses;
    for (const BookingRow &row : rows) {
        byId.insert(row.id, row);
        byUser[row.userId].append(row);
        statuses[row.status] += 1;
    }
    const int total = scalar(u"SELECT total_tickets FROM events WHERE id = ?"_s, {eventId}).toInt();
    const int remaining
        = scalar(u"SELECT remaining_tickets FROM events WHERE id = ?"_s, {eventId}).toInt();
    qInfo().noquote() << u"database: remaining %1 of %2; bookings CONFIRMED %3, PENDING %4, "
                         u"EXPIRED %5, FAILED %6, CANCELLED %7"_s.arg(remaining)
                             .arg(total)
                             .arg(statuses.value(u"CONFIRMED"_s))
                             .arg(statuses.value(u"PENDING"_s))
                             .arg(statuses.value(u"EXPIRED"_s))
                             .arg(statuses.value(u"FAILED"_s))
                             .arg(statuses.value(u"CANCELLED"_s));

    // remaining + PENDING + CONFIRMED = total: no ticket lost or sold twice.
    QCOMPARE(total, Tickets);
    QVERIFY(remaining >= 0 && remaining <= total);
    QCOMPARE(remaining + statuses.value(u"PENDING"_s) + statuses.value(u"CONFIRMED"_s), total);

    // No hold was left PENDING once expired: the holds of the killed instance (and any that
    // ran out in the outage) were released by the survivor within a few sweeps of their
    // expiry, PostgreSQL's restart included, not at the end of the sale.
    qint64 slowestRelease = 0;
    for (const BookingRow &row : rows) {
        if (row.status == u"EXPIRED")
            slowestRelease = std::max(slowestRelease, row.releasedAfterExpiryMs);
    }
    qInfo().noquote() << u"expired holds were released at most %1 ms after their expiry"_s.arg(
        slowestRelease);
    QVERIFY2(slowestRelease <= 10000 * testTimeScale(),
             qPrintable(u"a hold stayed PENDING %1 ms past its expiry"_s.arg(slowestRelease)));

    // No user holds two active bookings.
    for (auto it = byUser.cbegin(); it != byUser.cend(); ++it) {
        const auto active = std::count_if(it->cbegin(), it->cend(), [](const BookingRow &row) {
            return row.status == u"PENDING" || row.status == u"CONFIRMED";
        });
        QVERIFY2(active <= 1,
                 qPrintable(u"user %1 holds %2 active bookings"_s.arg(it.key()).arg(active)));
    }

    // Every 201 is in the database, CONFIRMED, the buyer's own, and no booking was answered
    // twice.
    QSet<QString> answeredIds;
    QHash<QString, const Buyer *> buyerOf;
    for (const Buyer &buyer : buyers) {
        buyerOf.insert(buyer.userId, &buyer);
        if (buyer.status != 201)
            continue;
        QCOMPARE(buyer.bookingStatus, u"CONFIRMED"_s);
        const auto row = byId.constFind(buyer.bookingId);
        QVERIFY2(row != byId.cend(),
                 qPrintable(u"201 for a booking the database does not have: "_s + buyer.history()));
        QCOMPARE(row->status, u"CONFIRMED"_s);
        QCOMPARE(row->userId, buyer.userId);
        QVERIFY(!answeredIds.contains(buyer.bookingId));
        answeredIds.insert(buyer.bookingId);
    }

    // No ticket sold behind a buyer's back: every CONFIRMED booking was answered 201 to its
    // buyer, or its buyer was told ALREADY_BOOKED (a first attempt booked, its answer died with
    // instance A, and the retry found that booking). A buyer told SOLD_OUT or HOLD_EXPIRED
    // holds no ticket.
    int confirmedUnanswered = 0;
    for (const BookingRow &row : rows) {
        if (row.status != u"CONFIRMED")
            continue;
        const Buyer *buyer = buyerOf.value(row.userId);
        QVERIFY(buyer);
        if (buyer->status == 201) {
            QCOMPARE(buyer->bookingId, row.id);
        } else {
            QVERIFY2(
                buyer->code == u"ALREADY_BOOKED",
                qPrintable(u"a CONFIRMED booking %1 whose buyer was told otherwise: "_s.arg(row.id)
                           + buyer->history()));
            ++confirmedUnanswered;
        }
    }

    // ALREADY_BOOKED is only ever said to a buyer who did book, with an earlier attempt of the
    // same request (which may since have expired, if it was a hold of the killed instance).
    int alreadyBookedExpired = 0;
    for (const Buyer &buyer : buyers) {
        if (buyer.code != u"ALREADY_BOOKED")
            continue;
        QVERIFY2(!byUser.value(buyer.userId).isEmpty(),
                 qPrintable(u"ALREADY_BOOKED without any booking: "_s + buyer.history()));
        const auto &own = byUser.value(buyer.userId);
        if (std::none_of(own.cbegin(), own.cend(),
                         [](const BookingRow &row) { return row.status == u"CONFIRMED"; }))
            ++alreadyBookedExpired;
    }
    qInfo().noquote() << u"%1 CONFIRMED bookings were learned as ALREADY_BOOKED; %2 buyers told "
                         u"ALREADY_BOOKED hold no ticket (their hold expired)"_s
                             .arg(confirmedUnanswered)
                             .arg(alreadyBookedExpired);

    // No false "sold out". A SOLD_OUT is decided when the event has no ticket left: the holds
    // and bookings holding all of them were created before the decision, which came before
    // the buyer heard it. (Held tickets are not available, so a SOLD_OUT while holds of the
    // killed instance wait to expire is true, and those tickets may sell again later.)
    int soldOut = 0;
    for (const Buyer &buyer : buyers) {
        if (buyer.code != u"SOLD_OUT")
            continue;
        ++soldOut;
        const auto before = std::count_if(rows.cbegin(), rows.cend(), [&](const BookingRow &row) {
            return row.createdEpochMs <= buyer.answeredEpochMs;
        });
        QVERIFY2(before >= total,
                 qPrintable(u"SOLD_OUT with only %1 bookings made before it: "_s.arg(before)
                            + buyer.history()));
    }
    // Tickets left at the end with buyers refused: only tickets that came back (holds that
    // expired) may be left, never more.
    if (soldOut > 0 && remaining > 0) {
        const int released = statuses.value(u"EXPIRED"_s) + statuses.value(u"FAILED"_s)
            + statuses.value(u"CANCELLED"_s);
        QVERIFY2(
            remaining <= released,
            qPrintable(u"%1 tickets left, %2 released, %3 buyers told SOLD_OUT"_s.arg(remaining)
                           .arg(released)
                           .arg(soldOut)));
    }

    // The survivor still shuts down cleanly.
    QCOMPARE(survivor.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
