#pragma once

#include "apitestcase.h"

#include <memory>

class DesktopApp;
class QAbstractItemView;
class QPushButton;

//! The base of the desktop client's GUI tests: a real server on a throwaway cluster, and the
//! real app's widgets (offscreen), driven the way a user does it.
class ClientTestCase : public ApiTestCase
{
    Q_OBJECT

protected:
    //! Also isolates QSettings and the app's files from the developer's own.
    void startClientServer(const std::function<void(Config &)> &configure = {},
                           const ServerSeams &seams = {});
    //! A fresh app, its sign-in window showing, pointed at the test server.
    std::unique_ptr<DesktopApp> openApp();
    //! Signs in through the sign-in window and waits for the main window.
    void signIn(DesktopApp &app, const QString &email = QStringLiteral("john.doe@example.com"),
                const QString &password = QStringLiteral("Password123"));
    //! Waits until the events table shows `title`; its row.
    int waitForEventRow(DesktopApp &app, const QString &title);
    //! Selects `title` in the events table.
    void selectEvent(DesktopApp &app, const QString &title);

    template<typename T>
    static T *find(QWidget *root, const QString &name)
    {
        T *child = root->findChild<T *>(name);
        if (!child)
            qWarning() << "no widget named" << name;
        return child;
    }
};
