#include "common/unixsignals.h"
#include "ui/desktopapp.h"
#include "ui/translations.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("booking-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("Event Booking"));
    QApplication::setOrganizationName(QStringLiteral("booking"));
    QApplication::setApplicationVersion(QStringLiteral(BOOKING_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("booking-desktop"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Event Booking desktop client."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption language(QStringLiteral("lang"),
                                      QStringLiteral("Interface language (en, de, fr)."),
                                      QStringLiteral("language"));
    const QCommandLineOption server(
        QStringLiteral("server"),
        QStringLiteral("Server address, e.g. http://host:3001 (a bare host means port 3001)."),
        QStringLiteral("url"));
    parser.addOptions({language, server});
    parser.process(app);

    Translations::install(app, parser.value(language));
    // Ctrl+C or a session's end quits in order, so a bundled server is stopped too.
    UnixSignals signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignals::terminationRequested, &app,
                     &QCoreApplication::quit);
    DesktopApp desktop;
    desktop.start(parser.value(server));
    return QApplication::exec();
}
