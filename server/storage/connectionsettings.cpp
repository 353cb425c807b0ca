#include "connectionsettings.h"

#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

Result<ConnectionSettings> ConnectionSettings::fromUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const auto invalid = [](const QString &why) {
        return Error(
            ErrorCode::ValidationFailed,
            u"DATABASE_URL must look like postgresql://user:password@host:port/database ("_s + why
                + u')');
    };
    if (!url.isValid())
        return invalid(u"not a valid URL"_s);
    if (url.scheme() != u"postgresql" && url.scheme() != u"postgres")
        return invalid(u"the scheme must be postgresql://"_s);
    if (url.host().isEmpty())
        return invalid(u"the host is missing"_s);

    ConnectionSettings settings;
    settings.host = url.host();
    settings.port = url.port(5432);
    settings.user = url.userName(QUrl::FullyDecoded);
    settings.password = url.password(QUrl::FullyDecoded);
    settings.database = url.path(QUrl::FullyDecoded).mid(1);
    if (settings.database.isEmpty() || settings.database.contains(u'/'))
        return invalid(u"the database name is missing"_s);

    // Pass libpq connection parameters through; sslmode is the one the seed documents.
    static const QStringList allowed{u"sslmode"_s,
                                     u"sslrootcert"_s,
                                     u"sslcert"_s,
                                     u"sslkey"_s,
                                     u"connect_timeout"_s,
                                     u"application_name"_s,
                                     u"target_session_attrs"_s};
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!allowed.contains(key))
            return invalid(u"unsupported parameter '"_s + key + u"'"_s);
        if (value.contains(u';'))
            return invalid(u"parameter '"_s + key + u"' must not contain ';'"_s);
        settings.options.append(key + u'=' + value);
    }
    return settings;
}

QSqlDatabase ConnectionSettings::addConnection(const QString &name, const QString &otherDatabase,
                                               const QStringList &extraOptions) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    db.setHostName(host);
    db.setPort(port);
    db.setUserName(user);
    db.setPassword(password);
    db.setDatabaseName(otherDatabase.isEmpty() ? database : otherDatabase);
    db.setConnectOptions(connectOptions(extraOptions).join(u';'));
    return db;
}

QStringList ConnectionSettings::connectOptions(const QStringList &extraOptions) const
{
    // A database that does not answer must cost a caller seconds, not minutes: a connection is
    // given up after 2 s (libpq's minimum), and keepalives notice a peer that vanished while
    // a connection sat idle. A server that hangs while the kernel still acknowledges is the
    // stall watchdog's business (see StallWatchdog).
    QStringList all{u"connect_timeout=2"_s,
                    u"keepalives=1"_s,
                    u"keepalives_idle=10"_s,
                    u"keepalives_interval=5"_s,
                    u"keepalives_count=3"_s,
                    u"tcp_user_timeout=15000"_s,
                    u"application_name=booking-server"_s};
    all << options << extraOptions;
    return all;
}

QString ConnectionSettings::describe() const
{
    return user + u'@' + host + u':' + QString::number(port) + u'/' + database;
}
