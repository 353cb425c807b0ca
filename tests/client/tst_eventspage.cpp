#include "api/apiclient.h"
#include "clienttestcase.h"
#include "models/bookinglist.h"
#include "models/eventbrowser.h"
#include "services/eventcache.h"
#include "ui/desktopapp.h"
#include "ui/mainwindow.h"
#include "ui/signinwindow.h"

#include <QAction>
#include <QComboBox>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

//! The events page through its widgets: paging, search, sorting, booking.
class TestEventsPage final : public ClientTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        startClientServer([](Config &config) {
            config.paymentDelay = 400ms;
            // For refreshAsksWhetherThePageChanged, which counts the server's answers.
            config.metricsAllowed = {{QHostAddress::LocalHost, 32}};
        });
    }
    void cleanupTestCase() { stopServer(); }
    void init();
    void cleanup() { m_app.reset(); }

    void pagesThroughTheEvents();
    void searchesAsYouType();
    void sortsByHeaderClicks();
    void booksWithProgressAndResult();
    void doubleClickBooksOnce();
    void soldOutIsShownInPlace();
    void networkErrorOffersRetry();
    void slowReloadShowsABusyBarOverTheRows();
    void resultOfAnEventLeftBehindGoesToTheStatusBar();
    void alreadyBookedElsewhereTurnsTheButtonOff();
    void nextUserSeesNothingOfThePrevious();
    void refreshAsksWhetherThePageChanged();

private:
    QTableView *table() { return find<QTableView>(m_app->mainWindow(), u"eventsTable"_s); }
    QWidget *eventsPage() { return find<QWidget>(m_app->mainWindow(), u"eventsPage"_s); }
    QString pageLabel() { return find<QLabel>(m_app->mainWindow(), u"pageLabel"_s)->text(); }
    QStringList titles();
    //! Answers of GET /api/events the server has given with `status`, from its /metrics.
    int listingAnswers(int status);

    std::unique_ptr<DesktopApp> m_app;
};

void TestEventsPage::init()
{
    resetData();
    m_app = openApp();
    signIn(*m_app);
    QVERIFY(waitForEventRow(*m_app, u"Limited Concert"_s) >= 0);
}

QStringList TestEventsPage::titles()
{
    QStringList result;
    for (int row = 0; row < m_app->events().model()->rowCount(); ++row)
        result.append(m_app->events().model()->eventAt(row)->title);
    return result;
}

int TestEventsPage::listingAnswers(int status)
{
    const QString sample
        = u"http_requests_total{method=\"GET\",route=\"/api/events\",status=\"%1\"} "_s.arg(status);
    for (const QString &line : QString::fromUtf8(client().get(u"/metrics"_s).body).split(u'\n')) {
        if (line.startsWith(sample))
            return line.sliced(sample.size()).toInt();
    }
    return 0;
}

void TestEventsPage::pagesThroughTheEvents()
{
    for (int i = 0; i < 20; ++i)
        fixtures().createEvent(u"Extra "_s + QString::number(100 + i), 10);
    m_app->events().reload();
    QTRY_COMPARE(pageLabel(), u"Page 1 of 3"_s);
    QCOMPARE(table()->model()->rowCount(), 10);
    auto *previous = find<QToolButton>(m_app->mainWindow(), u"previousPage"_s);
    QVERIFY(!previous->isEnabled());
    QTest::mouseClick(find<QToolButton>(m_app->mainWindow(), u"nextPage"_s), Qt::LeftButton);
    QTRY_COMPARE(pageLabel(), u"Page 2 of 3"_s);
    QTRY_VERIFY(previous->isEnabled());
    QTest::mouseClick(find<QToolButton>(m_app->mainWindow(), u"lastPage"_s), Qt::LeftButton);
    QTRY_COMPARE(pageLabel(), u"Page 3 of 3"_s);
    QTRY_COMPARE(table()->model()->rowCount(), 5);
    QTest::mouseClick(find<QToolButton>(m_app->mainWindow(), u"firstPage"_s), Qt::LeftButton);
    QTRY_COMPARE(pageLabel(), u"Page 1 of 3"_s);
    auto *pageSize = find<QComboBox>(m_app->mainWindow(), u"pageSize"_s);
    pageSize->setCurrentIndex(pageSize->findData(50));
    Q_EMIT pageSize->activated(pageSize->currentIndex());
    QTRY_COMPARE(pageLabel(), u"Page 1 of 1"_s);
    QTRY_COMPARE(table()->model()->rowCount(), 25);
}

void TestEventsPage::searchesAsYouType()
{
    auto *search = find<QLineEdit>(m_app->mainWindow(), u"searchField"_s);
    const int requestsBefore = m_app->api().requestCount();
    QTest::keyClicks(search, u"CONCERT"_s);
    QTRY_COMPARE(titles(), QStringList{u"Limited Concert"_s});
    // One request once the typing pauses, not one at every key.
    QCOMPARE(m_app->api().requestCount() - requestsBefore, 1);
    search->clear();
    QTest::keyClicks(search, u"nothing like this"_s);
    auto *state = find<QLabel>(eventsPage(), u"stateText"_s);
    QTRY_VERIFY(state->isVisible());
    QCOMPARE(state->text(), u"No event title contains “nothing like this”."_s);
    QVERIFY(find<QPushButton>(eventsPage(), u"retryButton"_s)->isVisible());
    search->clear();
    QTRY_COMPARE(titles().size(), 5);
}

void TestEventsPage::sortsByHeaderClicks()
{
    QHeaderView *header = table()->horizontalHeader();
    const int priceX = header->sectionViewportPosition(EventTableModel::Price) + 5;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(priceX, 5));
    QTRY_COMPARE(m_app->events().query().sortBy, EventQuery::SortField::Price);
    QTRY_COMPARE(titles().first(), u"Food Festival"_s);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(priceX, 5));
    QTRY_COMPARE(m_app->events().query().sortOrder, EventQuery::SortOrder::Descending);
    QTRY_COMPARE(titles().first(), u"Business Summit"_s);
    const int titleX = header->sectionViewportPosition(EventTableModel::Title) + 5;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(titleX, 5));
    QTRY_COMPARE(m_app->events().query().sortBy, EventQuery::SortField::Title);
    QTRY_COMPARE(titles().first(), u"Art Exhibition"_s);
}

void TestEventsPage::booksWithProgressAndResult()
{
    // Without the live feed: the count changes from the booking's own answer.
    m_app->liveFeed().stop();
    selectEvent(*m_app, u"Business Summit"_s);
    auto *book = find<QPushButton>(m_app->mainWindow(), u"bookButton"_s);
    auto *progress = find<QProgressBar>(m_app->mainWindow(), u"bookingProgress"_s);
    QVERIFY(book->isEnabled());
    // The bookings list loads again after the booking; meanwhile it lacks the new one.
    bool enabledWhileTheListLoads = false;
    const auto watch = connect(
        &m_app->bookings(), &BookingList::stateChanged, this, [&](BookingList::State state) {
            if (state != BookingList::State::Loading)
                return;
            QTimer::singleShot(0, this, [&] { enabledWhileTheListLoads |= book->isEnabled(); });
        });
    QTest::mouseClick(book, Qt::LeftButton);
    QVERIFY(progress->isVisible());
    QVERIFY(!book->isEnabled());
    QCOMPARE(book->text(), u"Booking…"_s);
    // The server holds the ticket, then the payment takes a moment.
    auto *outcome = find<QLabel>(m_app->mainWindow(), u"bookingOutcomeText"_s);
    QTRY_COMPARE(book->text(), u"Paying…"_s);
    QVERIFY(progress->isVisible());
    QVERIFY(outcome->isVisible());
    QVERIFY2(outcome->text().startsWith(u"Your ticket is held until "_s),
             qPrintable(outcome->text()));
    QTRY_VERIFY_WITH_TIMEOUT(outcome->text().startsWith(u"Booked"_s), 10000);
    QVERIFY2(outcome->text().startsWith(u"Booked: one ticket for “Business Summit”."_s),
             qPrintable(outcome->text()));
    QVERIFY(!progress->isVisible());
    const int row = m_app->events().model()->rowOf(fixtures().eventIdByTitle(u"Business Summit"_s));
    QCOMPARE(table()->model()->index(row, EventTableModel::Tickets).data().toString(),
             u"49 / 50"_s);
    QCOMPARE(find<QLabel>(m_app->mainWindow(), u"eventTickets"_s)->text(), u"49 of 50 left"_s);
    // One booking per event and user: the button says so instead of inviting a refusal.
    QCOMPARE(book->text(), u"You have booked this event"_s);
    QVERIFY(!book->isEnabled());
    // Also while and once the bookings list has loaded again.
    QTRY_COMPARE(m_app->bookings().state(), BookingList::State::Ready);
    disconnect(watch);
    QVERIFY(!enabledWhileTheListLoads);
    QCOMPARE(book->text(), u"You have booked this event"_s);
    QVERIFY(!book->isEnabled());
}

void TestEventsPage::doubleClickBooksOnce()
{
    selectEvent(*m_app, u"Food Festival"_s);
    auto *book = find<QPushButton>(m_app->mainWindow(), u"bookButton"_s);
    QTest::mouseClick(book, Qt::LeftButton);
    QTest::mouseClick(book, Qt::LeftButton);
    QTest::mouseDClick(book, Qt::LeftButton);
    auto *outcome = find<QLabel>(m_app->mainWindow(), u"bookingOutcomeText"_s);
    QTRY_VERIFY_WITH_TIMEOUT(outcome->text().startsWith(u"Booked"_s), 10000);
    QTest::qWait(800); // a second request, had one left, would be answered by now
    QCOMPARE(fixtures().activeBookings(fixtures().eventIdByTitle(u"Food Festival"_s)), 1);
    QVERIFY(outcome->text().startsWith(u"Booked"_s));
}

void TestEventsPage::soldOutIsShownInPlace()
{
    const QString concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
    // Two other buyers take both tickets after the page was loaded.
    for (const QString &email : {u"jane.smith@example.com"_s, u"mike.wilson@example.com"_s}) {
        const QString token = client().signIn(email);
        QCOMPARE(client().post(u"/api/bookings"_s, {{"eventId"_L1, concert}}, token).status, 201);
    }
    m_app->liveFeed().stop(); // so that the page still believes two are left
    m_app->events().refreshEvent(concert);
    QTest::qWait(300);
    m_app->events().updateTickets(concert, 2, {});
    selectEvent(*m_app, u"Limited Concert"_s);
    auto *book = find<QPushButton>(m_app->mainWindow(), u"bookButton"_s);
    QTRY_VERIFY(book->isEnabled());
    QTest::mouseClick(book, Qt::LeftButton);
    auto *outcome = find<QLabel>(m_app->mainWindow(), u"bookingOutcomeText"_s);
    QTRY_VERIFY_WITH_TIMEOUT(outcome->isVisible(), 10000);
    QCOMPARE(outcome->text(), u"Sold out: there are no tickets left for this event."_s);
    // The event is fetched again, which says so too.
    QTRY_COMPARE(book->text(), u"Sold out"_s);
    QVERIFY(!book->isEnabled());
    const int row = m_app->events().model()->rowOf(concert);
    QCOMPARE(table()
                 ->model()
                 ->index(row, EventTableModel::Tickets)
                 .data(EventTableModel::RemainingTicketsRole)
                 .toInt(),
             0);
}

void TestEventsPage::networkErrorOffersRetry()
{
    const QUrl working = m_app->api().serverUrl();
    m_app->api().setServerUrl(QUrl(u"http://127.0.0.1:1"_s));
    m_app->events().reload();
    auto *state = find<QLabel>(eventsPage(), u"stateText"_s);
    QTRY_VERIFY_WITH_TIMEOUT(state->isVisible(), 10000);
    QCOMPARE(state->text(),
             u"The server cannot be reached. Check the address and your connection."_s);
    auto *retry = find<QPushButton>(eventsPage(), u"retryButton"_s);
    QVERIFY(retry->isVisible());
    m_app->api().setServerUrl(working);
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY(table()->isVisible());
    QCOMPARE(titles().size(), 5);
}

void TestEventsPage::slowReloadShowsABusyBarOverTheRows()
{
    auto *busy = find<QProgressBar>(m_app->mainWindow(), u"eventsBusy"_s);
    QVERIFY(busy);
    QVERIFY(!busy->isVisible());
    // The page shown changes, so the server has to read it again (not from its memory)...
    fixtures().scalar(u"UPDATE events SET description = description || '.'"_s);
    QTRY_COMPARE(server().app().eventCache().statistics().entries, 0);
    // ...and the events table is held so that the reading takes its time.
    fixtures().scalar(u"BEGIN"_s);
    fixtures().scalar(u"LOCK TABLE events IN ACCESS EXCLUSIVE MODE"_s);
    m_app->events().reload();
    QTRY_VERIFY(busy->isVisible());
    // The rows stay; the big busy panel is for an empty table.
    QCOMPARE(table()->model()->rowCount(), 5);
    QVERIFY(table()->isVisible());
    fixtures().scalar(u"ROLLBACK"_s);
    QTRY_VERIFY(!busy->isVisible());
    QCOMPARE(m_app->events().state(), EventBrowser::State::Ready);
}

void TestEventsPage::resultOfAnEventLeftBehindGoesToTheStatusBar()
{
    selectEvent(*m_app, u"Food Festival"_s);
    auto *book = find<QPushButton>(m_app->mainWindow(), u"bookButton"_s);
    QTest::mouseClick(book, Qt::LeftButton);
    selectEvent(*m_app, u"Art Exhibition"_s); // while the payment runs
    QStatusBar *status = m_app->mainWindow()->statusBar();
    QTRY_VERIFY_WITH_TIMEOUT(
        status->currentMessage().startsWith(u"Booked: one ticket for “Food Festival”."_s), 10000);
    // Not beside the event now shown, which the user has not booked.
    QVERIFY(!find<QLabel>(m_app->mainWindow(), u"bookingOutcomeText"_s)->isVisible());
    QTRY_VERIFY(book->isEnabled());
    QCOMPARE(book->text(), u"Book a ticket"_s);
}

void TestEventsPage::alreadyBookedElsewhereTurnsTheButtonOff()
{
    // Booked from another device: this app's list does not know yet.
    const QString token = client().signIn(u"john.doe@example.com"_s);
    const QString tech = fixtures().eventIdByTitle(u"Tech Conference 2025"_s);
    QCOMPARE(client().post(u"/api/bookings"_s, {{"eventId"_L1, tech}}, token).status, 201);
    selectEvent(*m_app, u"Tech Conference 2025"_s);
    auto *book = find<QPushButton>(m_app->mainWindow(), u"bookButton"_s);
    QVERIFY(book->isEnabled());
    QTest::mouseClick(book, Qt::LeftButton);
    auto *outcome = find<QLabel>(m_app->mainWindow(), u"bookingOutcomeText"_s);
    QTRY_VERIFY_WITH_TIMEOUT(outcome->isVisible(), 10000);
    QCOMPARE(outcome->text(), u"You have booked this event already."_s);
    QCOMPARE(book->text(), u"You have booked this event"_s);
    QVERIFY(!book->isEnabled());
    // And the bookings page learns of it.
    QTRY_VERIFY(m_app->bookings().hasActiveBooking(tech));
    QVERIFY(!book->isEnabled());
}

void TestEventsPage::nextUserSeesNothingOfThePrevious()
{
    QTest::keyClicks(find<QLineEdit>(eventsPage(), u"searchField"_s), u"Summit"_s);
    QTRY_COMPARE(titles(), QStringList{u"Business Summit"_s});
    selectEvent(*m_app, u"Business Summit"_s);
    QTest::mouseClick(find<QPushButton>(m_app->mainWindow(), u"bookButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        find<QLabel>(m_app->mainWindow(), u"bookingOutcomeText"_s)->isVisible(), 10000);

    m_app->mainWindow()->findChild<QAction *>(u"signOutAction"_s)->trigger();
    QTRY_VERIFY(m_app->signInWindow().isVisible());
    signIn(*m_app, u"jane.smith@example.com"_s);
    QCOMPARE(find<QLineEdit>(eventsPage(), u"searchField"_s)->text(), QString());
    QTRY_COMPARE(titles().size(), 5);
    QCOMPARE(m_app->events().query().search, QString());
    selectEvent(*m_app, u"Business Summit"_s);
    QVERIFY(!find<QLabel>(m_app->mainWindow(), u"bookingOutcomeText"_s)->isVisible());
    auto *book = find<QPushButton>(m_app->mainWindow(), u"bookButton"_s);
    QTRY_VERIFY(book->isEnabled());
    QCOMPARE(book->text(), u"Book a ticket"_s);
}

void TestEventsPage::refreshAsksWhetherThePageChanged()
{
    const QStringList shown = titles();
    const int notModified = listingAnswers(304);
    const int full = listingAnswers(200);
    m_app->events().reload();
    QTRY_COMPARE(listingAnswers(304), notModified + 1);
    QTRY_COMPARE(m_app->events().state(), EventBrowser::State::Ready);
    QCOMPARE(listingAnswers(200), full);
    QCOMPARE(titles(), shown);

    // Changed meanwhile: the refresh gets and shows the new page.
    fixtures().scalar(u"UPDATE events SET title = 'Limited Concert (late show)' "
                      u"WHERE title = 'Limited Concert'"_s);
    QTRY_VERIFY(client().get(u"/api/events"_s).body.contains("(late show)"));
    const int fullBefore = listingAnswers(200);
    m_app->events().reload();
    QVERIFY(waitForEventRow(*m_app, u"Limited Concert (late show)"_s) >= 0);
    QCOMPARE(listingAnswers(200), fullBefore + 1);
}

QTEST_MAIN(TestEventsPage)
#include "tst_eventspage.moc"
