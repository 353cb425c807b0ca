#pragma once

#include <QObject>
#include <QUrl>

#include <memory>

class ApiClient;
class BookingList;
class BundledServer;
class EventBrowser;
class LiveFeed;
class MainWindow;
class SignInWindow;

//! The desktop app's wiring: the sign-in window, the main window once signed in, the live
//! feed, the bundled server, and the way back to sign-in when the session ends.
class DesktopApp final : public QObject
{
    Q_OBJECT

public:
    explicit DesktopApp(QObject *parent = nullptr);
    ~DesktopApp() override;

    //! Shows the sign-in window; `serverAddress` (as typed: "host", "host:port" or a URL)
    //! overrides the remembered address unless empty.
    void start(const QString &serverAddress = {});
    void start(const QUrl &server) { start(server.toString()); }

    ApiClient &api() { return *m_api; }
    LiveFeed &liveFeed() { return *m_liveFeed; }
    EventBrowser &events() { return *m_events; }
    BookingList &bookings() { return *m_bookings; }
    SignInWindow &signInWindow() { return *m_signIn; }
    //! Null until signed in.
    MainWindow *mainWindow() { return m_main.get(); }

    static QString defaultServerAddress();

private:
    void enterMainWindow();
    void returnToSignIn(const QString &notice);

    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<LiveFeed> m_liveFeed;
    std::unique_ptr<BundledServer> m_server;
    std::unique_ptr<EventBrowser> m_events;
    std::unique_ptr<BookingList> m_bookings;
    std::unique_ptr<SignInWindow> m_signIn;
    std::unique_ptr<MainWindow> m_main;
};
