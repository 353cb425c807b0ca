#include "clienttestcase.h"
#include "ui/desktopapp.h"
#include "ui/mainwindow.h"
#include "ui/signinwindow.h"
#include "ui/translations.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

//! Walks through the app as a user does and grabs each screen. With BOOKING_SCREENSHOT_DIR
//! set (scripts/screenshots, under xvfb-run) the PNGs are written there for the README.
class TestScreenshots final : public ClientTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // As main() does: the system's language (LANG), or BOOKING_SCREENSHOT_LANG.
        Translations::install(*qApp, qEnvironmentVariable("BOOKING_SCREENSHOT_LANG"));
        startClientServer([](Config &config) { config.paymentDelay = 300ms; });
    }
    void cleanupTestCase() { stopServer(); }

    void walkThrough();

private:
    void save(QWidget *window, const QString &name);
};

void TestScreenshots::save(QWidget *window, const QString &name)
{
    QTest::qWait(150); // let the last repaint settle
    const QPixmap shot = window->grab();
    QVERIFY(!shot.isNull());
    QVERIFY(shot.width() >= 300 && shot.height() >= 200);
    const QString directory = qEnvironmentVariable("BOOKING_SCREENSHOT_DIR");
    if (!directory.isEmpty()) {
        QDir().mkpath(directory);
        QVERIFY(shot.save(directory + u'/' + name + u".png"_s));
    }
}

void TestScreenshots::walkThrough()
{
    resetData();
    // A second user's bookings make the counts look lived-in.
    const QString token = client().signIn(u"jane.smith@example.com"_s);
    for (const QString &title : {u"Limited Concert"_s, u"Tech Conference 2025"_s})
        client().post(u"/api/bookings"_s, {{"eventId"_L1, fixtures().eventIdByTitle(title)}},
                      token);

    auto app = openApp();
    SignInWindow &window = app->signInWindow();
    window.resize(460, window.sizeHint().height());
    QTest::keyClicks(window.findChild<QLineEdit *>(u"signInEmail"_s), u"john.doe@example.com"_s);
    QTest::keyClicks(window.findChild<QLineEdit *>(u"signInPassword"_s), u"Password123"_s);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    save(&window, u"sign-in"_s);

    signIn(*app);
    MainWindow *main = app->mainWindow();
    main->resize(1180, 640);
    selectEvent(*app, u"Limited Concert"_s);
    save(main, u"events"_s);

    QTest::mouseClick(main->findChild<QPushButton *>(u"bookButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(main->findChild<QLabel *>(u"bookingOutcomeText"_s)->isVisible(),
                             10000);
    save(main, u"booking-result"_s);

    selectEvent(*app, u"Food Festival"_s);
    QTest::mouseClick(main->findChild<QPushButton *>(u"bookButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(main->findChild<QLabel *>(u"bookingOutcomeText"_s)->isVisible(),
                             10000);
    main->showBookingsPage();
    auto *bookings = main->findChild<QTableView *>(u"bookingsTable"_s);
    QTRY_COMPARE(bookings->model()->rowCount(), 2);
    bookings->selectRow(0);
    save(main, u"bookings"_s);
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
