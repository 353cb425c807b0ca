#include "mainwindow.h"

#include "api/apiclient.h"
#include "bookingspage.h"
#include "eventspage.h"
#include "icons.h"
#include "models/bookinglist.h"
#include "models/eventbrowser.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(ApiClient &api, EventBrowser &events, BookingList &bookings, QWidget *parent)
    : QMainWindow(parent)
    , m_api(api)
    , m_events(events)
    , m_bookings(bookings)
    , m_pages(new QTabWidget(this))
    , m_eventsPage(new EventsPage(api, events, bookings, m_pages))
    , m_bookingsPage(new BookingsPage(bookings, m_pages))
    , m_userLabel(new QLabel(this))
    , m_liveIcon(new QLabel(this))
    , m_liveLabel(new QLabel(this))
{
    setWindowTitle(tr("Event Booking"));
    setWindowIcon(Icons::get(Icons::App));
    resize(1100, 680);
    m_pages->setObjectName(u"pages"_s);
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_eventsPage, Icons::get(Icons::Events), tr("&Events"));
    m_pages->addTab(m_bookingsPage, Icons::get(Icons::Bookings), tr("&My bookings"));
    setCentralWidget(m_pages);

    auto *refresh = new QAction(Icons::get(Icons::Refresh), tr("&Refresh"), this);
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setToolTip(
        tr("Load the page again (%1)").arg(refresh->shortcut().toString(QKeySequence::NativeText)));
    auto *search = new QAction(Icons::get(Icons::Search), tr("&Search events"), this);
    search->setShortcut(QKeySequence::Find);
    auto *signOut = new QAction(Icons::get(Icons::SignOut), tr("Sign &out"), this);
    signOut->setObjectName(u"signOutAction"_s);
    signOut->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q));
    signOut->setToolTip(
        tr("Sign out (%1)").arg(signOut->shortcut().toString(QKeySequence::NativeText)));
    auto *quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    auto *about = new QAction(Icons::get(Icons::App), tr("&About Event Booking"), this);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(signOut);
    file->addSeparator();
    file->addAction(quit);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(refresh);
    view->addAction(search);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(about);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(refresh);
    toolbar->addAction(search);
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addWidget(m_userLabel);
    toolbar->addAction(signOut);

    m_liveIcon->setObjectName(u"liveIcon"_s);
    m_liveLabel->setObjectName(u"liveStatus"_s);
    statusBar()->addPermanentWidget(m_liveIcon);
    statusBar()->addPermanentWidget(m_liveLabel);

    connect(refresh, &QAction::triggered, this, &MainWindow::refreshCurrentPage);
    connect(search, &QAction::triggered, this, [this] {
        showEventsPage();
        m_eventsPage->focusSearch();
    });
    connect(signOut, &QAction::triggered, this, &MainWindow::signOutRequested);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Event Booking"),
                           tr("<b>Event Booking</b> %1<br>Book tickets for events; ticket counts "
                              "update live.")
                               .arg(QApplication::applicationVersion()));
    });
    connect(m_eventsPage, &EventsPage::booked, this, [this] { m_bookings.reload(); });
    connect(m_eventsPage, &EventsPage::bookingsOutdated, this, [this] { m_bookings.reload(); });
    connect(m_eventsPage, &EventsPage::notice, this,
            [this](const QString &text) { statusBar()->showMessage(text, 15000); });
    connect(&bookings, &BookingList::cancelled, this,
            [this](const Booking &booking) { m_events.refreshEvent(booking.eventId); });
    connect(&api, &ApiClient::sessionChanged, this,
            [this] { m_userLabel->setText(tr("Signed in as %1").arg(m_api.currentUser().name)); });
    m_userLabel->setText(tr("Signed in as %1").arg(api.currentUser().name));
    setLiveState(LiveFeed::State::Offline);
}

void MainWindow::setLiveState(LiveFeed::State state)
{
    const bool live = state == LiveFeed::State::Live;
    m_liveIcon->setPixmap(Icons::get(live ? Icons::Live : Icons::Offline).pixmap(12));
    switch (state) {
    case LiveFeed::State::Live:
        m_liveLabel->setText(tr("Live"));
        m_liveLabel->setToolTip(tr("Ticket counts update as they change."));
        break;
    case LiveFeed::State::Connecting:
        m_liveLabel->setText(tr("Connecting…"));
        m_liveLabel->setToolTip(QString());
        break;
    case LiveFeed::State::Reconnecting:
        m_liveLabel->setText(tr("Reconnecting…"));
        m_liveLabel->setToolTip(tr("The live connection was lost; ticket counts may be out of "
                                   "date until it is back."));
        break;
    case LiveFeed::State::Offline:
        m_liveLabel->setText(tr("Offline"));
        m_liveLabel->setToolTip(QString());
        break;
    }
}

void MainWindow::showEventsPage()
{
    m_pages->setCurrentWidget(m_eventsPage);
}

void MainWindow::showBookingsPage()
{
    m_pages->setCurrentWidget(m_bookingsPage);
}

void MainWindow::refreshCurrentPage()
{
    if (m_pages->currentWidget() == m_bookingsPage)
        m_bookings.reload();
    else
        m_events.reload();
}
