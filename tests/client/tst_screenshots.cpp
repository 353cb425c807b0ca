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
        // Long enough a payment to catch the app while it pays.
        startClientServer([](Config &config) { config.paymentDelay = 1500ms; });
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

    auto *book = main->findChild<QPushButton *>(u"bookButton"_s);
    auto *outcome = main->findChild<QLabel *>(u"bookingOutcomeText"_s);
    QTest::mouseClick(book, Qt::LeftButton);
    // The ticket is held while the payment runs...
    QTRY_VERIFY(outcome->isVisible());
    QVERIFY(!book->isEnabled());
    save(main, u"booking-paying"_s);
    // ...then the result.
    QTRY_VERIFY_WITH_TIMEOUT(book->isEnabled() || !book->text().endsWith(u'…'), 10000);
    save(main, u"booking-result"_s);

    selectEvent(*app, u"Food Festival"_s);
    QTest::mouseClick(book, Qt::LeftButton);
    QTRY_VERIFY(outcome->isVisible());
    // Bookings that ended show too: a declined payment, a hold that expired.
    const QString john = fixtures()
                             .scalar(u"SELECT id FROM users WHERE email = 'john.doe@example.com'"_s)
                             .toString();
    for (const auto &[title, status] : {std::pair{u"Art Exhibition"_s, u"FAILED"_s},
                                        std::pair{u"Business Summit"_s, u"EXPIRED"_s}}) {
        fixtures().scalar(u"INSERT INTO bookings (user_id, event_id, status, created_at, "
                          u"updated_at, expires_at) VALUES (?, ?, ?, now() - interval '1 day', "
                          u"now() - interval '1 day', now() - interval '1 day') RETURNING id"_s,
                          {john, fixtures().eventIdByTitle(title), status});
    }
    main->showBookingsPage();
    auto *bookings = main->findChild<QTableView *>(u"bookingsTable"_s);
    QTRY_COMPARE(bookings->model()->rowCount(), 4);
    bookings->selectRow(0);
    save(main, u"bookings"_s);
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
