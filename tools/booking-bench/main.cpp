#include "loadrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"booking-bench"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BOOKING_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Load benchmark for a running booking server. Runs each path in turn with the same "
        u"closed-loop load and prints requests per second, latency percentiles and, for two or "
        u"more paths, the throughput of each relative to the first: on a noisy machine compare "
        u"ratios from one run, not absolute figures from different runs. The client is one "
        u"thread: for the server's raw throughput use wrk."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption urlOption(u"url"_s,
                                       u"Server base URL (default http://localhost:3001)."_s,
                                       u"url"_s, u"http://localhost:3001"_s);
    const QCommandLineOption connectionsOption(
        u"connections"_s, u"Concurrent connections (default 32)."_s, u"n"_s, u"32"_s);
    const QCommandLineOption durationOption(u"duration"_s, u"Seconds per path (default 5)."_s,
                                            u"seconds"_s, u"5"_s);
    const QCommandLineOption tokenOption(u"token"_s, u"Bearer token to send."_s, u"token"_s);
    parser.addOptions({urlOption, connectionsOption, durationOption, tokenOption});
    parser.addPositionalArgument(u"paths"_s, u"Paths to load (default: / /api/events)."_s,
                                 u"[path...]"_s);
    parser.process(app);

    QStringList paths = parser.positionalArguments();
    if (paths.isEmpty())
        paths = {u"/"_s, u"/api/events"_s};
    bool connectionsOk = false;
    bool durationOk = false;
    const int connections = parser.value(connectionsOption).toInt(&connectionsOk);
    const double seconds = parser.value(durationOption).toDouble(&durationOk);
    if (!connectionsOk || connections < 1 || !durationOk || seconds <= 0) {
        qCritical("booking-bench: --connections and --duration must be positive numbers");
        return 2;
    }

    qsizetype pathWidth = 6;
    for (const QString &path : std::as_const(paths))
        pathWidth = std::max(pathWidth, path.size());
    const int column = -int(pathWidth);
    QTextStream out(stdout);
    out << "booking-bench: " << connections << " connections, " << seconds
        << " s per path, against " << parser.value(urlOption) << Qt::endl;
    out << u"%1 %2 %3 %4 %5 %6 %7"_s.arg(u"path"_s, column)
               .arg(u"req/s"_s, 9)
               .arg(u"p50 ms"_s, 8)
               .arg(u"p95 ms"_s, 8)
               .arg(u"p99 ms"_s, 8)
               .arg(u"errors"_s, 7)
               .arg(u"ratio"_s, 6)
        << Qt::endl;
    double baseline = 0;
    bool anyFailure = false;
    for (const QString &path : std::as_const(paths)) {
        LoadRunner::Options options;
        options.url = QUrl(parser.value(urlOption)).resolved(QUrl(path));
        options.connections = connections;
        options.duration = std::chrono::milliseconds(qint64(seconds * 1000));
        options.bearerToken = parser.value(tokenOption).toLatin1();
        const LoadRunner::Report report = LoadRunner::run(options);
        if (baseline == 0)
            baseline = report.requestsPerSecond();
        anyFailure = anyFailure || report.failures > 0;
        out << u"%1 %2 %3 %4 %5 %6 %7"_s.arg(path, column)
                   .arg(report.requestsPerSecond(), 9, 'f', 0)
                   .arg(report.p50Ms, 8, 'f', 2)
                   .arg(report.p95Ms, 8, 'f', 2)
                   .arg(report.p99Ms, 8, 'f', 2)
                   .arg(report.failures, 7)
                   .arg(baseline > 0 ? report.requestsPerSecond() / baseline : 0, 6, 'f', 2)
            << Qt::endl;
    }
    return anyFailure ? 1 : 0;
}
