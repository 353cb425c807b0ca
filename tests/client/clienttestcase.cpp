#include "clienttestcase.h"

#include "models/eventbrowser.h"
#include "ui/desktopapp.h"
#include "ui/mainwindow.h"
#include "ui/signinwindow.h"

#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>

using namespace Qt::StringLiterals;

void ClientTestCase::startClientServer(const std::function<void(Config &)> &configure,
                                       const ServerSeams &seams)
{
    QStandardPaths::setTestModeEnabled(true);
    startServer(configure, seams);
}

std::unique_ptr<DesktopApp> ClientTestCase::openApp()
{
    auto app = std::make_unique<DesktopApp>();
    app->start(server().url());
    return app;
}

void ClientTestCase::signIn(DesktopApp &app, const QString &email, const QString &password)
{
    SignInWindow &window = app.signInWindow();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *emailField = find<QLineEdit>(&window, u"signInEmail"_s);
    auto *passwordField = find<QLineEdit>(&window, u"signInPassword"_s);
    emailField->clear();
    QTest::keyClicks(emailField, email);
    passwordField->clear();
    QTest::keyClicks(passwordField, password);
    QTest::mouseClick(find<QPushButton>(&window, u"signInButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(app.mainWindow() && app.mainWindow()->isVisible(), 10000);
    QVERIFY(!window.isVisible());
}

int ClientTestCase::waitForEventRow(DesktopApp &app, const QString &title)
{
    int row = -1;
    const bool found = QTest::qWaitFor(
        [&] {
            EventTableModel *model = app.events().model();
            for (int i = 0; i < model->rowCount(); ++i) {
                if (model->eventAt(i)->title == title) {
                    row = i;
                    return app.events().state() == EventBrowser::State::Ready;
                }
            }
            return false;
        },
        10000);
    return found ? row : -1;
}

void ClientTestCase::selectEvent(DesktopApp &app, const QString &title)
{
    const int row = waitForEventRow(app, title);
    QVERIFY2(row >= 0, qPrintable(title));
    auto *table = find<QTableView>(app.mainWindow(), u"eventsTable"_s);
    table->selectRow(row);
    QTRY_COMPARE(table->selectionModel()->selectedRows().size(), 1);
}
