#include "http/clientaddress.h"

#include <QTest>

using namespace Qt::StringLiterals;

//! Which address a request is from, behind trusted proxies or not.
class TestClientAddress final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolves_data();
    void resolves();
    void parsesTheSetting_data();
    void parsesTheSetting();
    void limitKeysGroupIpv6By64();
};

void TestClientAddress::resolves_data()
{
    QTest::addColumn<QString>("trusted");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QByteArray>("forwardedFor");
    QTest::addColumn<QString>("client");
    QTest::newRow("no proxies: the peer")
        << QString() << u"203.0.113.9"_s << "198.51.100.1"_ba << u"203.0.113.9"_s;
    QTest::newRow("an untrusted peer's header is ignored")
        << u"172.30.57.0/24"_s << u"203.0.113.9"_s << "198.51.100.1"_ba << u"203.0.113.9"_s;
    QTest::newRow("behind the proxy: the client it saw")
        << u"172.30.57.0/24"_s << u"172.30.57.10"_s << "198.51.100.1"_ba << u"198.51.100.1"_s;
    QTest::newRow("what the client wrote itself is not believed")
        << u"172.30.57.0/24"_s << u"172.30.57.10"_s << "1.2.3.4, 198.51.100.1"_ba
        << u"198.51.100.1"_s;
    QTest::newRow("two trusted proxies in a row")
        << u"172.30.57.0/24, 10.0.0.5"_s << u"172.30.57.10"_s << "198.51.100.1, 10.0.0.5"_ba
        << u"198.51.100.1"_s;
    QTest::newRow("IPv4 peer on a dual-stack socket")
        << u"172.30.57.0/24"_s << u"::ffff:172.30.57.10"_s << "198.51.100.1"_ba
        << u"198.51.100.1"_s;
    QTest::newRow("IPv6 client") << u"172.30.57.0/24"_s << u"172.30.57.10"_s << "2001:db8::7"_ba
                                 << u"2001:db8::7"_s;
    QTest::newRow("a malformed hop ends the walk")
        << u"172.30.57.0/24"_s << u"172.30.57.10"_s << "198.51.100.1, garbage"_ba
        << u"172.30.57.10"_s;
    QTest::newRow("no header: the proxy itself")
        << u"172.30.57.0/24"_s << u"172.30.57.10"_s << QByteArray() << u"172.30.57.10"_s;
}

void TestClientAddress::resolves()
{
    QFETCH(QString, trusted);
    QFETCH(QString, peer);
    QFETCH(QByteArray, forwardedFor);
    QFETCH(QString, client);
    const auto proxies = ClientAddress::parseList(trusted);
    QVERIFY(proxies.has_value());
    QCOMPARE(ClientAddress(*proxies).resolve(QHostAddress(peer), forwardedFor),
             QHostAddress(client));
}

void TestClientAddress::parsesTheSetting_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("count");
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("ranges and addresses") << u"10.0.0.0/8, 192.168.1.7,fd00::/8"_s << 3;
    QTest::newRow("a host name is refused") << u"10.0.0.0/8, proxy.local"_s << -1;
    QTest::newRow("a bad mask is refused") << u"10.0.0.0/40"_s << -1;
}

void TestClientAddress::parsesTheSetting()
{
    QFETCH(QString, text);
    QFETCH(int, count);
    const auto parsed = ClientAddress::parseList(text);
    QCOMPARE(parsed.has_value() ? int(parsed->size()) : -1, count);
}

void TestClientAddress::limitKeysGroupIpv6By64()
{
    const auto key = [](const char *address) {
        return ClientAddress::limitKey(QHostAddress(QString::fromLatin1(address)));
    };
    QCOMPARE(key("198.51.100.7"), u"198.51.100.7"_s);
    QCOMPARE(key("::ffff:198.51.100.7"), u"198.51.100.7"_s);
    QCOMPARE(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    QVERIFY(key("2001:db8:1:2::1") != key("2001:db8:1:3::1"));
    QCOMPARE(key("2001:db8:1:2:aaaa::1"), u"2001:db8:1:2::/64"_s);
}

QTEST_GUILESS_MAIN(TestClientAddress)
#include "tst_clientaddress.moc"
