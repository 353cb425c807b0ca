#include "servercli.h"

#include "common/unixsignals.h"
#include "config.h"
#include "dotenv.h"
#include "logging.h"
#include "serverapp.h"
#include "storage/database.h"
#include "storage/seeder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QTcpServer>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcServe, "booking.server.app", QtInfoMsg)

namespace {

enum ExitCode { Success = 0, Failure = 1, BadUsage = 2 };

int fail(const QString &message, int code = Failure)
{
    // One line, whatever the message: libpq's own errors span several.
    Logging::printError(u"booking-server: "_s + message.simplified());
    return code;
}

QHash<QString, QString> processEnvironment()
{
    QHash<QString, QString> variables;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &key : environment.keys())
        variables.insert(key, environment.value(key));
    return variables;
}

QString urlHost(const QHostAddress &address)
{
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4
        || address == QHostAddress::AnyIPv6 || address.isLoopback())
        return u"localhost"_s;
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']'
                                                               : address.toString();
}

//! Anyone who read the README can sign in as a demo user: say so when others can reach us.
void warnAboutDemoUsers(ServerApp &server)
{
    if (server.config().host.isLoopback())
        return;
    auto demoUsers = server.demoUsersWithPublishedPassword();
    if (!demoUsers) {
        qCWarning(lcServe).noquote() << "cannot check for demo users:" << demoUsers.error().message;
    } else if (!demoUsers->isEmpty()) {
        qCWarning(lcServe).noquote()
            << "demo users with the published password" << Seeder::Password << "exist ("
            << demoUsers->join(u", "_s) << ") and the server listens on"
            << server.config().host.toString()
            << "beyond this machine: delete them or change their passwords";
    }
}

int serve(ServerApp &server, bool forceSeed)
{
    // A port in use is told at once, not after the database has been set up.
    if (const quint16 port = server.config().port; port != 0) {
        QTcpServer probe;
        if (!probe.listen(server.config().host, port)) {
            return fail(u"cannot listen on %1:%2: %3"_s.arg(
                server.config().host.toString(), QString::number(port), probe.errorString()));
        }
    }
    const bool embedded = !server.config().database.has_value();
    // Demo users with a published password appear by themselves only in the embedded
    // database; elsewhere only when asked (`seed`, `serve --seed`).
    const auto seeding = forceSeed
        ? ServerApp::Seeding::Always
        : (embedded ? ServerApp::Seeding::WhenEmpty : ServerApp::Seeding::Never);
    // Only the schema's owner migrates; the serving role checks that nothing is pending.
    const auto schema = embedded || server.config().databaseOwner
        ? ServerApp::Schema::Migrate
        : ServerApp::Schema::RequireCurrent;
    if (auto opened = server.openDatabase(seeding, schema); !opened)
        return fail(opened.error().message);
    for (const QString &migration : server.appliedMigrations())
        Logging::print(u"applied migration "_s + migration);
    if (!server.seedReport().isEmpty())
        Logging::print(server.seedReport());

    auto port = server.listen();
    if (!port)
        return fail(port.error().message);
    // Output to a reader that has gone (a closed pipe) must not end the server mid-shutdown.
    // A SIGTERM right after the banner (which says we are ready) is a clean stop too.
    std::signal(SIGPIPE, SIG_IGN);
    UnixSignals signalWatcher;
    bool stopping = false;
    QObject::connect(
        &signalWatcher, &UnixSignals::terminationRequested, qApp,
        [&stopping, grace = server.config().shutdownGrace](int) {
            // A second signal (the desktop app that started us exits, say) must
            // not cut the drain short: quit() would end its event loop too.
            if (std::exchange(stopping, true))
                return;
            Logging::print(
                u"shutting down (work in flight may take up to %1 ms)"_s.arg(grace.count()));
            QCoreApplication::quit();
        });
    warnAboutDemoUsers(server);
    const QString base
        = u"http://"_s + urlHost(server.config().host) + u':' + QString::number(*port);
    Logging::print(u"booking-server %1 listening on %2:%3 (%4 database workers)"_s.arg(
        QCoreApplication::applicationVersion(), server.config().host.toString(),
        QString::number(*port), QString::number(server.config().databasePoolSize)));
    Logging::print(u"  API:        "_s + base + u"/api"_s);
    Logging::print(u"  Swagger UI: "_s + base + u"/api"_s + u"  (OpenAPI: "_s + base
                   + u"/api/openapi.json)"_s);
    Logging::print(u"  Health:     "_s + base + u"/api/health"_s);
    const int code = QCoreApplication::exec();
    server.shutdown();
    return code;
}

int health(quint16 port)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/api/health"_s.arg(port)));
    request.setTransferTimeout(3000);
    QNetworkReply *reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    if (status == 200) {
        Logging::print(QString::fromUtf8(body));
        return Success;
    }
    return fail(status == 0 ? u"no answer on port %1: %2"_s.arg(port).arg(reply->errorString())
                            : u"HTTP %1: %2"_s.arg(status).arg(QString::fromUtf8(body)));
}

} // namespace

namespace ServerCli {

int run(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Event booking REST API server.\n\n"
        u"Commands:\n"
        u"  serve    run the API (default); without DATABASE_URL it runs its own PostgreSQL\n"
        u"  migrate  apply pending database migrations and exit\n"
        u"  seed     add the seed users and events that are missing and exit\n"
        u"  health   ask a server on this machine (APP_PORT, --port) whether it and its database\n"
        u"           are up: exit code 0 if so (for container health checks)\n\n"
        u"Configuration comes from the environment and a .env file in the working directory\n"
        u"(APP_PORT, APP_HOST, DATABASE_URL, FRONTEND_URL, ACCESS_TOKEN_SECRET, ...)."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, u"serve, migrate, seed or health"_s, u"[command]"_s);
    const QCommandLineOption portOption(u"port"_s, u"Listen on this port (overrides APP_PORT)."_s,
                                        u"port"_s);
    const QCommandLineOption dataDirOption(
        u"data-dir"_s,
        u"Directory of the embedded database (default: %1)."_s.arg(
            QDir::toNativeSeparators(Config::defaultDataDirectory())),
        u"dir"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"serve: add missing seed data at start."_s);
    const QCommandLineOption resetOption(u"reset"_s,
                                         u"seed: delete all users, events and bookings first."_s);
    const QCommandLineOption ifEmptyOption(
        u"if-empty"_s, u"seed: only into a database without users and events."_s);
    parser.addOptions({portOption, dataDirOption, seedOption, resetOption, ifEmptyOption});
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    const QString command = positional.value(0, u"serve"_s);
    if (positional.size() > 1
        || !QStringList{u"serve"_s, u"migrate"_s, u"seed"_s, u"health"_s}.contains(command))
        return fail(u"unknown command '%1' (try --help)"_s.arg(positional.join(u' ')), BadUsage);
    if ((parser.isSet(resetOption) || parser.isSet(ifEmptyOption)) && command != u"seed")
        return fail(u"--reset and --if-empty only apply to the seed command"_s, BadUsage);
    if (parser.isSet(resetOption) && parser.isSet(ifEmptyOption))
        return fail(u"--reset and --if-empty exclude each other"_s, BadUsage);
    if (parser.isSet(seedOption) && command != u"serve")
        return fail(u"--seed only applies to the serve command"_s, BadUsage);

    auto dotEnv = DotEnv::read(u".env"_s);
    if (!dotEnv)
        return fail(dotEnv.error().message, BadUsage);
    const QHash<QString, QString> environment = processEnvironment();
    // Even a refused configuration is reported in the log format asked for.
    if (const auto format
        = Logging::parseFormat(environment.value(u"LOG_FORMAT"_s, dotEnv->value(u"LOG_FORMAT"_s))))
        Logging::setFormat(*format);
    auto config = Config::fromEnvironment(environment, *dotEnv);
    if (!config)
        return fail(config.error().message, BadUsage);
    if (parser.isSet(portOption)) {
        bool ok = false;
        const uint port = parser.value(portOption).toUInt(&ok);
        if (!ok || port > 65535)
            return fail(u"--port must be a port number from 0 to 65535 (got '%1')"_s.arg(
                            parser.value(portOption)),
                        BadUsage);
        config->port = quint16(port);
    }
    if (parser.isSet(dataDirOption))
        config->dataDirectory = QDir(parser.value(dataDirOption)).absolutePath();

    if (command == u"health")
        return health(config->port);
    ServerApp server(*config);
    if (command == u"serve")
        return serve(server, parser.isSet(seedOption));

    const auto seeding = command == u"migrate" ? ServerApp::Seeding::Never
        : parser.isSet(resetOption)            ? ServerApp::Seeding::Reset
        : parser.isSet(ifEmptyOption)          ? ServerApp::Seeding::WhenEmpty
                                               : ServerApp::Seeding::Always;
    if (auto opened = server.openDatabase(seeding); !opened)
        return fail(opened.error().message);
    const QStringList applied = server.appliedMigrations();
    Logging::print(applied.isEmpty() ? u"the database schema is up to date"_s
                                     : u"applied migrations: "_s + applied.join(u", "_s));
    if (command == u"seed")
        Logging::print(server.seedReport());
    return Success;
}

} // namespace ServerCli
