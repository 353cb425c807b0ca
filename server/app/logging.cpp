#include "logging.h"

#include "common/logcontext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <atomic>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace Logging {

namespace {

std::atomic<Format> g_format = Format::Text;

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

//! A JSON string (quotes included).
QByteArray jsonString(const QString &text)
{
    // QJsonDocument escapes exactly as JSON requires; an array of one is the cheapest holder.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.sliced(1, array.size() - 2);
}

QByteArray jsonLine(QtMsgType type, const char *category, const QString &message)
{
    QByteArray line = "{\"ts\":\""_ba
        + QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1()
        + "\",\"level\":\""_ba + levelName(type) + "\",\"category\":"_ba
        + jsonString(QString::fromLatin1(category ? category : "default")) + ",\"msg\":"_ba
        + jsonString(message);
    QJsonObject fields = LogContext::fields();
    if (const QByteArray id = LogContext::requestId(); !id.isEmpty())
        fields.insert(u"request_id"_s, QString::fromLatin1(id));
    if (!fields.isEmpty()) {
        const QByteArray more = QJsonDocument(fields).toJson(QJsonDocument::Compact);
        line += ',' + more.sliced(1); // without its '{', with its '}'
    } else {
        line += '}';
    }
    return line + '\n';
}

QByteArray textLine(QtMsgType type, const char *category, const QString &message)
{
    QByteArray line = QDateTime::currentDateTime().toString(u"yyyy-MM-dd hh:mm:ss.zzz"_s).toLatin1()
        + ' ' + levelName(type) + " ["_ba + (category ? category : "default") + "] "_ba
        + message.toUtf8();
    if (const QByteArray id = LogContext::requestId(); !id.isEmpty())
        line += " request_id="_ba + id;
    return line + '\n';
}

void writeLine(FILE *stream, const QByteArray &line)
{
    // One write per line: lines of different threads never interleave.
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fflush(stream);
}

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // After the database restarts, QPSQL tries to DEALLOCATE the prepared statements of the
    // dead connection while they are dropped, and warns that it cannot. Nothing is wrong: the
    // server has reconnected and prepares them again.
    if (type == QtWarningMsg && message.startsWith("Unable to free statement"_L1))
        return;
    writeLine(stderr,
              g_format == Format::Json ? jsonLine(type, context.category, message)
                                       : textLine(type, context.category, message));
}

} // namespace

std::optional<Format> parseFormat(QStringView name)
{
    if (name.compare(u"text", Qt::CaseInsensitive) == 0)
        return Format::Text;
    if (name.compare(u"json", Qt::CaseInsensitive) == 0)
        return Format::Json;
    return std::nullopt;
}

void install()
{
    // Qt's own modules are noisy at info level; our categories log what matters.
    QLoggingCategory::setFilterRules(u"qt.*.info=false\nqt.*.debug=false"_s);
    qInstallMessageHandler(handleMessage);
}

void setFormat(Format format)
{
    g_format = format;
}

void print(const QString &line)
{
    writeLine(stdout,
              g_format == Format::Json ? jsonLine(QtInfoMsg, "booking.server.app", line)
                                       : line.toUtf8() + '\n');
}

void printError(const QString &line)
{
    writeLine(stderr,
              g_format == Format::Json ? jsonLine(QtCriticalMsg, "booking.server.app", line)
                                       : line.toUtf8() + '\n');
}

} // namespace Logging
