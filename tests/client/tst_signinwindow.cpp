#include "api/apiclient.h"
#include "cannedserver.h"
#include "clienttestcase.h"
#include "models/bookinglist.h"
#include "ui/desktopapp.h"
#include "ui/mainwindow.h"
#include "ui/signinwindow.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

//! Signing in, creating an account, signing out, and the session ending, through the widgets.
class TestSignInWindow final : public ClientTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        startClientServer([](Config &config) { config.accessTokenLifetime = 2s; });
    }
    void cleanupTestCase() { stopServer(); }
    void init() { resetData(); }

    void wrongPasswordShowsAPlainMessage();
    void fieldsAreCheckedAsYouType();
    void createAccountSignsIn();
    void takenEmailIsExplained();
    void refusedFieldsAreMarkedWithoutServerWords();
    void unknownErrorSaysWhatTheServerAnswered();
    void addressIsRemembered();
    void bareHostMeansTheUsualPort();
    void signOutRevokesAndReturns();
    void endedSessionReturnsWithAMessage();
};

void TestSignInWindow::wrongPasswordShowsAPlainMessage()
{
    auto app = openApp();
    SignInWindow &window = app->signInWindow();
    QTest::keyClicks(find<QLineEdit>(&window, u"signInEmail"_s), u"john.doe@example.com"_s);
    QTest::keyClicks(find<QLineEdit>(&window, u"signInPassword"_s), u"Wrong12345"_s);
    QTest::mouseClick(find<QPushButton>(&window, u"signInButton"_s), Qt::LeftButton);
    auto *message = find<QLabel>(&window, u"signInMessage"_s);
    QTRY_VERIFY(message->isVisible());
    QCOMPARE(message->text(), u"The email address or the password is wrong."_s);
    QVERIFY(!message->text().contains(u"Invalid credentials")); // never the server's words
    QVERIFY(window.isVisible());
    QVERIFY(!app->mainWindow());
}

void TestSignInWindow::fieldsAreCheckedAsYouType()
{
    auto app = openApp();
    SignInWindow &window = app->signInWindow();
    find<QTabWidget>(&window, u"signInTabs"_s)->setCurrentIndex(1);
    auto *email = find<QLineEdit>(&window, u"registerEmail"_s);
    auto *emailError = find<QLabel>(&window, u"registerEmailError"_s);
    auto *password = find<QLineEdit>(&window, u"registerPassword"_s);
    auto *passwordError = find<QLabel>(&window, u"registerPasswordError"_s);
    auto *name = find<QLineEdit>(&window, u"registerName"_s);
    auto *button = find<QPushButton>(&window, u"registerButton"_s);

    QVERIFY(!emailError->isVisible()); // nothing is wrong before the user types
    QTest::keyClicks(email, u"ann@"_s);
    QTRY_VERIFY(emailError->isVisible());
    QCOMPARE(emailError->text(), u"This is not an email address."_s);
    QTest::keyClicks(email, u"example.com"_s);
    QTRY_VERIFY(!emailError->isVisible());

    QTest::keyClicks(password, u"abcdefgh"_s);
    QCOMPARE(passwordError->text(), u"Use at least one letter and one digit."_s);
    QTest::keyClicks(password, u"1"_s);
    QVERIFY(!passwordError->isVisible());
    QVERIFY(!button->isEnabled()); // the name is still missing
    QTest::keyClicks(name, u"Ann"_s);
    QVERIFY(button->isEnabled());
}

void TestSignInWindow::createAccountSignsIn()
{
    auto app = openApp();
    SignInWindow &window = app->signInWindow();
    find<QTabWidget>(&window, u"signInTabs"_s)->setCurrentIndex(1);
    QTest::keyClicks(find<QLineEdit>(&window, u"registerName"_s), u"Ann Example"_s);
    QTest::keyClicks(find<QLineEdit>(&window, u"registerEmail"_s), u"Ann@Example.com"_s);
    QTest::keyClicks(find<QLineEdit>(&window, u"registerPassword"_s), u"Password123"_s);
    QTest::mouseClick(find<QPushButton>(&window, u"registerButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(app->mainWindow() && app->mainWindow()->isVisible(), 10000);
    QCOMPARE(app->api().currentUser().email, u"ann@example.com"_s);
    const QList<QLabel *> labels = app->mainWindow()->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](QLabel *label) {
        return label->text() == u"Signed in as Ann Example";
    }));
}

void TestSignInWindow::takenEmailIsExplained()
{
    auto app = openApp();
    SignInWindow &window = app->signInWindow();
    find<QTabWidget>(&window, u"signInTabs"_s)->setCurrentIndex(1);
    QTest::keyClicks(find<QLineEdit>(&window, u"registerName"_s), u"Jane"_s);
    auto *email = find<QLineEdit>(&window, u"registerEmail"_s);
    QTest::keyClicks(email, u"jane.smith@example.com"_s);
    QTest::keyClicks(find<QLineEdit>(&window, u"registerPassword"_s), u"Password123"_s);
    auto *create = find<QPushButton>(&window, u"registerButton"_s);
    QTest::mouseClick(create, Qt::LeftButton);

    // Next to the field it is about, and the form waits for another address.
    auto *fieldError = find<QLabel>(&window, u"registerEmailError"_s);
    QTRY_VERIFY(fieldError->isVisible());
    QCOMPARE(fieldError->text(),
             u"This address has an account already: sign in instead, or use another address."_s);
    QVERIFY(!find<QLabel>(&window, u"signInMessage"_s)->isVisible());
    QVERIFY(!create->isEnabled());
    QCOMPARE(find<QLineEdit>(&window, u"signInEmail"_s)->text(), u"jane.smith@example.com"_s);
    QTest::keyClick(email, Qt::Key_Backspace);
    QTest::keyClicks(email, u"x"_s);
    QVERIFY(!fieldError->isVisible());
    QVERIFY(create->isEnabled());
    QVERIFY(!app->mainWindow());
}

void TestSignInWindow::refusedFieldsAreMarkedWithoutServerWords()
{
    // A server with stricter rules than this app knows: only a canned one says so.
    CannedServer canned(CannedServer::errorResponse(
        400, "VALIDATION_FAILED", {u"password must be longer than or equal to 12 characters"_s}));
    auto app = openApp();
    SignInWindow &window = app->signInWindow();
    window.setServerAddress(canned.url().toString());
    find<QTabWidget>(&window, u"signInTabs"_s)->setCurrentIndex(1);
    QTest::keyClicks(find<QLineEdit>(&window, u"registerName"_s), u"Ann"_s);
    QTest::keyClicks(find<QLineEdit>(&window, u"registerEmail"_s), u"ann@example.com"_s);
    QTest::keyClicks(find<QLineEdit>(&window, u"registerPassword"_s), u"Password123"_s);
    QTest::mouseClick(find<QPushButton>(&window, u"registerButton"_s), Qt::LeftButton);

    auto *message = find<QLabel>(&window, u"signInMessage"_s);
    QTRY_VERIFY(message->isVisible());
    QVERIFY(canned.received("POST /api/auth/register"));
    QCOMPARE(message->text(), u"Some of the details are not valid. Please check them."_s);
    auto *passwordError = find<QLabel>(&window, u"registerPasswordError"_s);
    QVERIFY(passwordError->isVisible());
    QCOMPARE(passwordError->text(), u"The server does not accept this."_s);
    QVERIFY(!find<QLabel>(&window, u"registerEmailError"_s)->isVisible());
    QVERIFY(!find<QLabel>(&window, u"registerNameError"_s)->isVisible());
}

void TestSignInWindow::unknownErrorSaysWhatTheServerAnswered()
{
    // A newer server (or something else) answers with a code this app does not know.
    const QByteArray body
        = R"({"statusCode":418,"error":"I'm a teapot","message":"Short and stout","code":"TEAPOT"})"_ba;
    CannedServer canned("HTTP/1.1 418 I'm a teapot\r\nContent-Type: application/json\r\n"
                        "Content-Length: "
                        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    auto app = openApp();
    SignInWindow &window = app->signInWindow();
    window.setServerAddress(canned.url().toString());
    QTest::keyClicks(find<QLineEdit>(&window, u"signInEmail"_s), u"john.doe@example.com"_s);
    QTest::keyClicks(find<QLineEdit>(&window, u"signInPassword"_s), u"Password123"_s);
    QTest::mouseClick(find<QPushButton>(&window, u"signInButton"_s), Qt::LeftButton);
    auto *message = find<QLabel>(&window, u"signInMessage"_s);
    QTRY_VERIFY(message->isVisible());
    QCOMPARE(message->text(), u"The server answered 418 (I'm a teapot): Short and stout"_s);
    QVERIFY(!app->mainWindow());
}

void TestSignInWindow::addressIsRemembered()
{
    QSettings().remove(u"server/address"_s);
    {
        auto app = openApp();
        signIn(*app);
    }
    QCOMPARE(QSettings().value(u"server/address"_s).toString(), server().url().toString());
    DesktopApp again;
    again.start();
    QCOMPARE(find<QLineEdit>(&again.signInWindow(), u"serverAddress"_s)->text(),
             server().url().toString());
}

void TestSignInWindow::bareHostMeansTheUsualPort()
{
    auto app = openApp();
    SignInWindow &window = app->signInWindow();
    auto *address = find<QLineEdit>(&window, u"serverAddress"_s);
    const auto signInAt = [&](const QString &typed) {
        address->clear();
        QTest::keyClicks(address, typed);
        QTest::mouseClick(find<QPushButton>(&window, u"signInButton"_s), Qt::LeftButton);
        return app->api().serverUrl();
    };
    QTest::keyClicks(find<QLineEdit>(&window, u"signInEmail"_s), u"nobody@example.com"_s);
    QTest::keyClicks(find<QLineEdit>(&window, u"signInPassword"_s), u"Password123"_s);
    QCOMPARE(signInAt(u"127.0.0.1"_s), QUrl(u"http://127.0.0.1:3001"_s));
    QTRY_VERIFY(find<QPushButton>(&window, u"signInButton"_s)->isEnabled());
    // A typed scheme means its own port, as in any browser.
    QCOMPARE(signInAt(u"http://127.0.0.1"_s), QUrl(u"http://127.0.0.1"_s));
}

void TestSignInWindow::signOutRevokesAndReturns()
{
    auto app = openApp();
    signIn(*app);
    QCOMPARE(fixtures()
                 .scalar(u"SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL"_s)
                 .toInt(),
             1);
    app->mainWindow()->findChild<QAction *>(u"signOutAction"_s)->trigger();
    QTRY_VERIFY(app->signInWindow().isVisible());
    QVERIFY(!app->mainWindow()); // the next user gets a fresh one
    QCOMPARE(find<QLabel>(&app->signInWindow(), u"signInMessage"_s)->text(),
             u"You have signed out."_s);
    QTRY_COMPARE(fixtures()
                     .scalar(u"SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL"_s)
                     .toInt(),
                 0);
}

void TestSignInWindow::endedSessionReturnsWithAMessage()
{
    auto app = openApp();
    signIn(*app);
    QTest::qWait(2100); // the access token (two seconds here) expires
    fixtures().scalar(u"UPDATE refresh_tokens SET revoked_at = now()"_s);
    app->mainWindow()->showBookingsPage();
    app->bookings().reload(); // needs the token: refresh fails, the session ends
    QTRY_VERIFY_WITH_TIMEOUT(app->signInWindow().isVisible(), 10000);
    QCOMPARE(find<QLabel>(&app->signInWindow(), u"signInMessage"_s)->text(),
             u"Your session has ended. Please sign in again."_s);
}

QTEST_MAIN(TestSignInWindow)
#include "tst_signinwindow.moc"
