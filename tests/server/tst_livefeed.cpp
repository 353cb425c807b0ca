#include "testclient.h"
#include "twoinstances.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace {

//! A live-feed client that collects what it receives.
class LiveClient
{
public:
    explicit LiveClient(quint16 port)
    {
        QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket,
                         [this](const QString &text) {
                             m_messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
                         });
        m_socket.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(port)));
    }

    bool waitConnected()
    {
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            return true;
        QSignalSpy connected(&m_socket, &QWebSocket::connected);
        return connected.wait(10000);
    }

    //! Waits for a message about `eventId` with `remaining` tickets left.
    bool waitFor(const QString &eventId, int remaining, int timeoutMs = 5000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            for (const QJsonObject &message : std::as_const(m_messages)) {
                if (message["eventId"_L1].toString() == eventId
                    && message["remainingTickets"_L1].toInt() == remaining)
                    return true;
            }
            QTest::qWait(10);
        }
        return false;
    }

    QList<QJsonObject> &messages() { return m_messages; }
    QWebSocket &socket() { return m_socket; }

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_messages;
};

} // namespace

//! The live feed across server instances: every booking made anywhere reaches every client.
class TestLiveFeed final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void bookingsReachClientsOfBothInstances();
    void messagesHaveTheDocumentedShape();
    void refusedBookingPushesNothing();
    void cancellationIsPushedToo();
    void feedSurvivesADatabaseRestart();
    void plainGetIsUpgradeRequired();
    void otherPathsAreNotTheFeed();
    void closedFeedsFreeTheirConnections();

private:
    QString book(quint16 port, const QString &email, const QString &eventId, int *status = nullptr);

    TwoInstances m_instances;
};

void TestLiveFeed::initTestCase()
{
    QVERIFY2(m_instances.start(), qPrintable(m_instances.error()));
}

void TestLiveFeed::cleanupTestCase()
{
    m_instances.stop();
}

QString TestLiveFeed::book(quint16 port, const QString &email, const QString &eventId, int *status)
{
    TestClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    const QString token = client.signIn(email);
    const HttpResult result = client.post(u"/api/bookings"_s, {{"eventId"_L1, eventId}}, token);
    if (status)
        *status = result.status;
    return result.object()["booking"_L1]["id"_L1].toString();
}

void TestLiveFeed::bookingsReachClientsOfBothInstances()
{
    LiveClient onFirst(m_instances.first().port());
    LiveClient onSecond(m_instances.second().port());
    QVERIFY(onFirst.waitConnected());
    QVERIFY(onSecond.waitConnected());
    const QString summit = m_instances.fixtures().eventIdByTitle(u"Business Summit"_s);

    QVERIFY(!book(m_instances.second().port(), u"john.doe@example.com"_s, summit).isEmpty());
    QVERIFY2(onFirst.waitFor(summit, 49),
             "the first instance's client missed a booking made "
             "through the second instance");
    QVERIFY(onSecond.waitFor(summit, 49));

    QVERIFY(!book(m_instances.first().port(), u"jane.smith@example.com"_s, summit).isEmpty());
    QVERIFY(onSecond.waitFor(summit, 48));
    QVERIFY(onFirst.waitFor(summit, 48));
}

void TestLiveFeed::messagesHaveTheDocumentedShape()
{
    LiveClient client(m_instances.first().port());
    QVERIFY(client.waitConnected());
    const QString festival = m_instances.fixtures().eventIdByTitle(u"Food Festival"_s);
    QVERIFY(!book(m_instances.first().port(), u"mike.wilson@example.com"_s, festival).isEmpty());
    QVERIFY(client.waitFor(festival, 199));
    QJsonObject message = client.messages().last();
    // When the count changed, to order the changes of one event (beyond the fields).
    const QDateTime changed
        = QDateTime::fromString(message.take("updatedAt"_L1).toString(), Qt::ISODateWithMs);
    QVERIFY(qAbs(changed.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    QCOMPARE(message,
             (QJsonObject{{"type"_L1, u"event.updated"_s},
                          {"eventId"_L1, festival},
                          {"remainingTickets"_L1, 199},
                          {"totalTickets"_L1, 200}}));
}

void TestLiveFeed::refusedBookingPushesNothing()
{
    const QString concert = m_instances.fixtures().eventIdByTitle(u"Limited Concert"_s);
    LiveClient client(m_instances.second().port());
    QVERIFY(client.waitConnected());
    QVERIFY(!book(m_instances.first().port(), u"john.doe@example.com"_s, concert).isEmpty());
    QVERIFY(!book(m_instances.first().port(), u"jane.smith@example.com"_s, concert).isEmpty());
    // The sold-out state has arrived; only what comes after it counts.
    QVERIFY(client.waitFor(concert, 0));
    const qsizetype before = client.messages().size();
    int status = 0;
    book(m_instances.first().port(), u"mike.wilson@example.com"_s, concert, &status);
    QCOMPARE(status, 409);
    // A second, successful change on another event: once it has arrived, anything the refused
    // booking had pushed would have arrived before it.
    const QString art = m_instances.fixtures().eventIdByTitle(u"Art Exhibition"_s);
    QVERIFY(!book(m_instances.first().port(), u"mike.wilson@example.com"_s, art).isEmpty());
    QVERIFY(client.waitFor(art, 29));
    for (const QJsonObject &message : client.messages().mid(before))
        QVERIFY(message["eventId"_L1].toString() != concert);
}

void TestLiveFeed::cancellationIsPushedToo()
{
    const QString tech = m_instances.fixtures().eventIdByTitle(u"Tech Conference 2025"_s);
    TestClient http(QUrl(u"http://127.0.0.1:%1"_s.arg(m_instances.second().port())));
    const QString token = http.signIn(u"jane.smith@example.com"_s);
    const QString bookingId = http.post(u"/api/bookings"_s, {{"eventId"_L1, tech}}, token)
                                  .object()["booking"_L1]["id"_L1]
                                  .toString();
    LiveClient client(m_instances.first().port());
    QVERIFY(client.waitConnected());
    QCOMPARE(http.del(u"/api/bookings/"_s + bookingId, token).status, 200);
    QVERIFY(client.waitFor(tech, 100));
}

void TestLiveFeed::feedSurvivesADatabaseRestart()
{
    LiveClient client(m_instances.first().port());
    QVERIFY(client.waitConnected());
    QVERIFY2(m_instances.cluster().restart(), qPrintable(m_instances.cluster().error()));
    // Give the listeners' watchdogs a moment to notice and subscribe again.
    QTest::qWait(2500);
    // The test's own connection died with the server too.
    m_instances.reopenFixtures();
    const QString art = m_instances.fixtures().eventIdByTitle(u"Art Exhibition"_s);
    const int before = m_instances.fixtures().remainingTickets(art);
    QVERIFY(!book(m_instances.second().port(), u"jane.smith@example.com"_s, art).isEmpty());
    QVERIFY2(client.waitFor(art, before - 1, 10000), "no live update after the restart");
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
}

void TestLiveFeed::plainGetIsUpgradeRequired()
{
    TestClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(m_instances.first().port())));
    const HttpResult result = client.get(u"/api/live"_s);
    QCOMPARE(result.status, 426);
    QCOMPARE(result.errorCode(), u"UPGRADE_REQUIRED"_s);
    QCOMPARE(result.header("Upgrade"), "websocket"_ba);
}

void TestLiveFeed::otherPathsAreNotTheFeed()
{
    QWebSocket socket;
    QSignalSpy closed(&socket, &QWebSocket::disconnected);
    socket.open(QUrl(u"ws://127.0.0.1:%1/api/events"_s.arg(m_instances.first().port())));
    QVERIFY(closed.wait(5000));
}

void TestLiveFeed::closedFeedsFreeTheirConnections()
{
    // A server that holds three connections at most: more feeds than that, one after the
    // other, must not use it up.
    ServerProcess capped;
    capped.useCluster(m_instances.cluster());
    capped.environment().insert(u"HTTP_MAX_CONNECTIONS"_s, u"3"_s);
    QVERIFY2(capped.start(), qPrintable(capped.output()));
    for (int i = 0; i < 8; ++i) {
        LiveClient client(capped.port());
        QVERIFY2(client.waitConnected(), qPrintable(QString::number(i)));
        client.socket().close();
        QTRY_COMPARE(client.socket().state(), QAbstractSocket::UnconnectedState);
    }
    TestClient http(QUrl(u"http://127.0.0.1:%1"_s.arg(capped.port())));
    QTRY_COMPARE_WITH_TIMEOUT(http.get(u"/api/health"_s).status, 200, 3000);
}

QTEST_GUILESS_MAIN(TestLiveFeed)
#include "tst_livefeed.moc"
