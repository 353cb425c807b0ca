#include "desktopapp.h"

#include "api/apiclient.h"
#include "api/bundledserver.h"
#include "api/livefeed.h"
#include "mainwindow.h"
#include "models/bookinglist.h"
#include "models/eventbrowser.h"
#include "signinwindow.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

const QString serverKey = u"server/address"_s;

} // namespace

DesktopApp::DesktopApp(QObject *parent)
    : QObject(parent)
    , m_api(std::make_unique<ApiClient>())
    , m_liveFeed(std::make_unique<LiveFeed>())
    , m_server(std::make_unique<BundledServer>())
    , m_events(std::make_unique<EventBrowser>(*m_api))
    , m_bookings(std::make_unique<BookingList>(*m_api))
    , m_signIn(std::make_unique<SignInWindow>(*m_api, *m_server))
{
    connect(m_signIn.get(), &SignInWindow::signedIn, this, &DesktopApp::enterMainWindow);
    connect(m_api.get(), &ApiClient::sessionExpired, this,
            [this] { returnToSignIn(tr("Your session has ended. Please sign in again.")); });
    connect(m_liveFeed.get(), &LiveFeed::eventUpdated, m_events.get(),
            &EventBrowser::applyLiveUpdate);
    // Back after a loss: what changed meanwhile was not pushed, so load it.
    connect(m_liveFeed.get(), &LiveFeed::reconnected, m_events.get(), &EventBrowser::reload);
    connect(m_liveFeed.get(), &LiveFeed::reconnected, m_bookings.get(), &BookingList::reload);
}

DesktopApp::~DesktopApp()
{
    m_liveFeed->stop();
    m_main.reset();
    m_signIn.reset();
    m_server->stop();
}

QString DesktopApp::defaultServerAddress()
{
    return u"http://localhost:3001"_s;
}

void DesktopApp::start(const QString &serverAddress)
{
    const QString address = !serverAddress.trimmed().isEmpty()
        ? serverAddress.trimmed()
        : QSettings().value(serverKey, defaultServerAddress()).toString();
    m_signIn->setServerAddress(address);
    m_signIn->showSignIn();
}

void DesktopApp::enterMainWindow()
{
    QSettings().setValue(serverKey, m_signIn->serverAddress());
    m_signIn->hide();
    m_signIn->setNotice(QString());
    // A fresh window for every session: nothing of the previous user's stays on screen.
    m_main = std::make_unique<MainWindow>(*m_api, *m_events, *m_bookings);
    connect(m_main.get(), &MainWindow::signOutRequested, this, [this] {
        m_api->signOut(this, [](Result<void>) {});
        returnToSignIn(tr("You have signed out."));
    });
    connect(m_liveFeed.get(), &LiveFeed::stateChanged, m_main.get(), &MainWindow::setLiveState);
    m_main->setLiveState(m_liveFeed->state());
    m_main->showEventsPage();
    m_main->show();
    m_events->reload();
    m_bookings->reload();
    m_liveFeed->start(m_api->liveFeedUrl());
}

void DesktopApp::returnToSignIn(const QString &notice)
{
    m_liveFeed->stop();
    m_events->clear();
    m_bookings->clear();
    if (m_main) {
        m_main->hide();
        // Later: this may run inside one of its own signals.
        m_main.release()->deleteLater();
    }
    m_signIn->setNotice(notice);
    m_signIn->showSignIn();
}
