#include "common/unixsignals.h"
#include "ui/desktopapp.h"
#include "ui/translations.h"

#include <QApplication>
#include <QCommandLineParser>

namespace {

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("booking-desktop"));
    QCoreApplication::setOrganizationName(QStringLiteral("booking"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BOOKING_VERSION));
}

bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" || argument == "-?"
            || argument == "-v" || argument == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
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
    if (asksForHelpOrVersion(argc, argv)) {
        // Answered without a display: a GUI application cannot start without one.
        QCoreApplication app(argc, argv);
        setIdentity();
        parser.process(app);
    }

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Event Booking"));
    QApplication::setDesktopFileName(QStringLiteral("booking-desktop"));
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
