#include "testclient.h"

#include <QJsonDocument>
#include <QTest>
#include <QWebSocket>

using namespace Qt::StringLiterals;

//! Checks of the running Docker stack (docker-compose.yml), for scripts/test-docker: not part
//! of ctest, since it needs the stack. BOOKING_STACK_URL is nginx's address; BOOKING_REPLICAS
//! the API replicas' own addresses (http://ip:3001), comma-separated.
class TestDockerStack final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void seedDataIsServed();
    void metricsAreNotPublic();
    void aBookingThroughOneReplicaReachesTheOthersLiveClients();

private:
    QUrl m_stack;
    QList<QUrl> m_replicas;
};

void TestDockerStack::initTestCase()
{
    m_stack = QUrl(qEnvironmentVariable("BOOKING_STACK_URL"));
    for (const QString &url :
         qEnvironmentVariable("BOOKING_REPLICAS").split(u',', Qt::SkipEmptyParts))
        m_replicas.append(QUrl(url));
    QVERIFY2(m_stack.isValid() && !m_stack.isEmpty(), "set BOOKING_STACK_URL");
    QVERIFY2(m_replicas.size() >= 2, "set BOOKING_REPLICAS to two replicas or more");
}

void TestDockerStack::seedDataIsServed()
{
    TestClient client(m_stack);
    const HttpResult events = client.get(u"/api/events?search=Limited"_s);
    QCOMPARE(events.status, 200);
    QCOMPARE(events.object()["data"_L1][0]["totalTickets"_L1].toInt(), 2);
    const HttpResult all = client.get(u"/api/events"_s);
    QCOMPARE(all.object()["meta"_L1]["total"_L1].toInt(), 5);
}

void TestDockerStack::metricsAreNotPublic()
{
    TestClient client(m_stack);
    const HttpResult metrics = client.get(u"/metrics"_s);
    QCOMPARE(metrics.status, 404);
    QCOMPARE(metrics.errorCode(), u"NOT_FOUND"_s);
}

void TestDockerStack::aBookingThroughOneReplicaReachesTheOthersLiveClients()
{
    QUrl live = m_replicas.at(0);
    live.setScheme(u"ws"_s);
    live.setPath(u"/api/live"_s);
    QWebSocket socket;
    QList<QJsonObject> messages;
    connect(&socket, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    socket.open(live);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::ConnectedState, 10000);

    TestClient other(m_replicas.at(1));
    const QString token = other.signIn(u"mike.wilson@example.com"_s);
    QVERIFY(!token.isEmpty());
    const HttpResult events = other.get(u"/api/events?search=Food"_s);
    const QString eventId = events.object()["data"_L1][0]["id"_L1].toString();
    const HttpResult booked = other.send(
        "POST"_ba, u"/api/bookings"_s, QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson(),
        TestClient::bearer(token)
            + QList<QPair<QByteArray, QByteArray>>{{"Prefer"_ba, "respond-async"_ba}});
    QVERIFY2(booked.status == 202 || booked.errorCode() == u"ALREADY_BOOKED",
             booked.body.constData());
    if (booked.status != 202) {
        // Booked by an earlier run: cancel, so that the count changes once more.
        const QString id = other.get(u"/api/bookings"_s, token).array()[0]["id"_L1].toString();
        QCOMPARE(other.del(u"/api/bookings/"_s + id, token).status, 200);
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(messages.cbegin(), messages.cend(),
                                         [&](const QJsonObject &message) {
                                             return message["type"_L1] == u"event.updated"_s
                                                 && message["eventId"_L1] == eventId;
                                         }),
                             10000);
}

QTEST_GUILESS_MAIN(TestDockerStack)
#include "tst_dockerstack.moc"
