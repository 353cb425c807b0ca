#include "concurrencycheck.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("booking-concurrency"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BOOKING_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Races simultaneous bookings for the event with two tickets on a running server and "
        "checks that exactly as many succeed as there are tickets (the seed's "
        "test:concurrency). Exit code 0 only when the check passes."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption urlOption(
        QStringLiteral("url"),
        QStringLiteral("API base URL (default http://localhost:3001/api; /api is added "
                       "to a bare server address)."),
        QStringLiteral("url"));
    const QCommandLineOption usersOption(QStringLiteral("users"),
                                         QStringLiteral("Number of buyers (default 10)."),
                                         QStringLiteral("n"));
    parser.addOptions({urlOption, usersOption});
    parser.process(app);

    ConcurrencyCheck::Options options;
    if (parser.isSet(urlOption)) {
        options.apiBase = QUrl(parser.value(urlOption));
        // The server's address will do too: the API lives under /api.
        QString path = options.apiBase.path();
        while (path.endsWith(u'/'))
            path.chop(1);
        if (!path.endsWith(QStringLiteral("/api")))
            options.apiBase.setPath(path + QStringLiteral("/api"));
    }
    if (parser.isSet(usersOption)) {
        bool ok = false;
        options.users = parser.value(usersOption).toInt(&ok);
        if (!ok || options.users < 1 || options.users > 1000) {
            qCritical("booking-concurrency: --users must be a number from 1 to 1000");
            return 2;
        }
    }
    if (!options.apiBase.isValid() || options.apiBase.scheme().isEmpty()) {
        qCritical("booking-concurrency: --url must be a URL such as http://localhost:3001/api");
        return 2;
    }
    QTextStream out(stdout);
    return ConcurrencyCheck(options, out).run() ? 0 : 1;
}
