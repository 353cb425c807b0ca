#include "api/apiclient.h"
#include "api/bundledserver.h"
#include "testclient.h"
#include "ui/desktopapp.h"
#include "ui/mainwindow.h"
#include "ui/signinwindow.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

//! Set in a copy of this test program that plays an app which dies without stopping its server.
constexpr char abruptAppPortVariable[] = "BOOKING_TEST_ABRUPT_APP_PORT";

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

//! Starts the bundled server, then ends the process at once: no destructors, no SIGTERM.
int runAbruptApp(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    BundledServer server;
    QObject::connect(&server, &BundledServer::started, [] { ::_exit(0); });
    QObject::connect(&server, &BundledServer::failed, [] { ::_exit(2); });
    server.start(quint16(qEnvironmentVariableIntValue(abruptAppPortVariable)),
                 BundledServer::defaultDataDirectory());
    return QCoreApplication::exec();
}

} // namespace

//! No server at a local address: the sign-in window offers the bundled one, starts it with
//! its own database, signs in once it runs, and the app stops it when it quits.
class TestBundledServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void offersStartsAndStopsTheBundledServer();
    void quittingWithABookingInFlightIsQuickAndTheServerFinishesAlone();
    void remoteAddressesGetNoOffer();
    void portInUseIsExplained();
    void serverStopsWhenTheAppDiesAbruptly();

private:
    //! Starts the app on `port`, has it start its bundled server and signs in through it.
    void startAppWithBundledServer(quint16 port, std::unique_ptr<DesktopApp> &app);
    QString pidFile() const { return m_data.filePath(u"pgdata/postmaster.pid"_s); }

    QTemporaryDir m_data{u"/tmp/booking-bundled-XXXXXX"_s};
};

void TestBundledServer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // When the tests run as root, the server's PostgreSQL runs as `postgres`: let it in.
    QFile::setPermissions(m_data.path(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeGroup
                              | QFile::ExeOther);
    qputenv("BOOKING_SERVER_DATA_DIR", m_data.path().toLocal8Bit());
    QVERIFY2(!BundledServer::executable().isEmpty(), "booking-server must sit beside the tests");
}

void TestBundledServer::startAppWithBundledServer(quint16 port, std::unique_ptr<DesktopApp> &app)
{
    app = std::make_unique<DesktopApp>();
    app->start(QUrl(u"http://localhost:%1"_s.arg(port)));
    SignInWindow &window = app->signInWindow();
    QTest::keyClicks(window.findChild<QLineEdit *>(u"signInEmail"_s), u"john.doe@example.com"_s);
    QTest::keyClicks(window.findChild<QLineEdit *>(u"signInPassword"_s), u"Password123"_s);
    QTest::mouseClick(window.findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);

    auto *offer = window.findChild<QWidget *>(u"bundledServerOffer"_s);
    QTRY_VERIFY_WITH_TIMEOUT(offer->isVisible(), 10000);
    QTest::mouseClick(window.findChild<QPushButton *>(u"startServerButton"_s), Qt::LeftButton);
    auto *log = window.findChild<QPlainTextEdit *>(u"serverLog"_s);
    QTRY_VERIFY_WITH_TIMEOUT(log->toPlainText().contains(u"PostgreSQL is running"), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(log->toPlainText().contains(u"listening on"), 60000);

    // Once it listens, the sign-in that found no server goes through by itself.
    QTRY_VERIFY_WITH_TIMEOUT(app->mainWindow() && app->mainWindow()->isVisible(), 60000);
}

void TestBundledServer::offersStartsAndStopsTheBundledServer()
{
    const quint16 port = freePort();
    std::unique_ptr<DesktopApp> app;
    startAppWithBundledServer(port, app);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(app->api().currentUser().email, u"john.doe@example.com"_s);
    QVERIFY(QFile::exists(pidFile()));

    QElapsedTimer closing;
    closing.start();
    app.reset(); // quitting stops the server and its database
    const qint64 closedAfter = closing.elapsed();
    qInfo("the app closed in %lld ms", closedAfter);
    QVERIFY2(closedAfter < 2000, qPrintable(u"%1 ms"_s.arg(closedAfter)));
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(pidFile()), 15000);
    TestClient stillThere(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    QCOMPARE(stillThere.get(u"/"_s).status, 0);
}

void TestBundledServer::quittingWithABookingInFlightIsQuickAndTheServerFinishesAlone()
{
    const quint16 port = freePort();
    // A long payment, so that the server has work in flight when the app quits.
    qputenv("PAYMENT_DELAY_MS", "4000");
    std::unique_ptr<DesktopApp> app;
    startAppWithBundledServer(port, app);
    qunsetenv("PAYMENT_DELAY_MS");
    if (QTest::currentTestFailed())
        return;

    TestClient buyer(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    const QString token = buyer.signIn(u"jane.smith@example.com"_s);
    QVERIFY(!token.isEmpty());
    const QString eventId
        = buyer.get(u"/api/events?sortBy=title"_s).object()["data"_L1][0]["id"_L1].toString();
    QNetworkReply *booking = buyer.start(
        "POST"_ba, u"/api/bookings"_s, QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson(),
        TestClient::bearer(token));
    QTest::qWait(500); // the ticket is held and the payment runs

    QElapsedTimer closing;
    closing.start();
    app.reset();
    const qint64 closedAfter = closing.elapsed();
    qInfo("with a payment in flight the app closed in %lld ms", closedAfter);
    QVERIFY2(closedAfter < 2000, qPrintable(u"%1 ms"_s.arg(closedAfter)));
    // The server had more to do than the app waits for: it is still there, finishing.
    QVERIFY(QFile::exists(pidFile()));

    // It answers the booking it had accepted, then stops its database and itself.
    const HttpResult answer = TestClient::finish(booking, 15000);
    QCOMPARE(answer.status, 201);
    QCOMPARE(answer.object()["booking"_L1]["status"_L1].toString(), u"CONFIRMED"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(pidFile()), 15000);
    QCOMPARE(TestClient(QUrl(u"http://127.0.0.1:%1"_s.arg(port))).get(u"/"_s).status, 0);
}

void TestBundledServer::remoteAddressesGetNoOffer()
{
    DesktopApp app;
    app.start(QUrl(u"http://192.0.2.1:9"_s)); // TEST-NET-1: never this machine
    SignInWindow &window = app.signInWindow();
    QTest::keyClicks(window.findChild<QLineEdit *>(u"signInEmail"_s), u"john.doe@example.com"_s);
    QTest::keyClicks(window.findChild<QLineEdit *>(u"signInPassword"_s), u"Password123"_s);
    QTest::mouseClick(window.findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    auto *message = window.findChild<QLabel *>(u"signInMessage"_s);
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 20000);
    QCOMPARE(message->text(),
             u"The server cannot be reached. Check the address and your connection."_s);
    QVERIFY(!window.findChild<QWidget *>(u"bundledServerOffer"_s)->isVisible());
}

void TestBundledServer::portInUseIsExplained()
{
    // Another program holds the port on the loopback address without listening: nothing
    // answers at localhost, but the bundled server (on 127.0.0.1) cannot listen there either.
    const int other = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    QVERIFY(other >= 0);
    const auto closeOther = qScopeGuard([other] { ::close(other); });
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    QCOMPARE(::bind(other, reinterpret_cast<sockaddr *>(&address), length), 0);
    QCOMPARE(::getsockname(other, reinterpret_cast<sockaddr *>(&address), &length), 0);
    const quint16 port = ntohs(address.sin_port);

    DesktopApp app;
    app.start(QUrl(u"http://localhost:%1"_s.arg(port)));
    SignInWindow &window = app.signInWindow();
    QTest::keyClicks(window.findChild<QLineEdit *>(u"signInEmail"_s), u"john.doe@example.com"_s);
    QTest::keyClicks(window.findChild<QLineEdit *>(u"signInPassword"_s), u"Password123"_s);
    QTest::mouseClick(window.findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    auto *start = window.findChild<QPushButton *>(u"startServerButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(start->isVisible(), 10000);
    QTest::mouseClick(start, Qt::LeftButton);

    auto *message = window.findChild<QLabel *>(u"signInMessage"_s);
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 60000);
    QCOMPARE(message->text(),
             u"The bundled server cannot use port %1: another program uses it. Type another "
             u"port in the address, e.g. http://localhost:3002."_s.arg(port));
    // The details stay in its log, and it can be tried again.
    QVERIFY(window.findChild<QPlainTextEdit *>(u"serverLog"_s)
                ->toPlainText()
                .contains(u"cannot listen"_s));
    QVERIFY(start->isEnabled());
    QVERIFY(!app.mainWindow());
}

void TestBundledServer::serverStopsWhenTheAppDiesAbruptly()
{
    const quint16 port = freePort();
    QProcess app;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(abruptAppPortVariable), QString::number(port));
    app.setProcessEnvironment(environment);
    app.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(app.waitForFinished(90000));
    QCOMPARE(app.exitCode(), 0); // the server had started
    // Its app is gone: the server shuts down by itself and stops its database in order.
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(m_data.filePath(u"pgdata/postmaster.pid"_s)), 30000);
    TestClient gone(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    QCOMPARE(gone.get(u"/"_s).status, 0);
}

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsSet(abruptAppPortVariable))
        return runAbruptApp(argc, argv);
    QApplication app(argc, argv);
    TestBundledServer test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_bundledserver.moc"
