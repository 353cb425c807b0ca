#include "logging.h"

#include <QLoggingCategory>

namespace Logging {

namespace {

QtMessageHandler g_defaultHandler = nullptr;

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // After the database restarts, QPSQL tries to DEALLOCATE the prepared statements of the
    // dead connection while they are dropped, and warns that it cannot. Nothing is wrong: the
    // server has reconnected and prepares them again.
    if (type == QtWarningMsg && message.startsWith(QLatin1StringView("Unable to free statement")))
        return;
    g_defaultHandler(type, context, message);
}

} // namespace

void install()
{
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-dd hh:mm:ss.zzz} "
        "%{if-debug}debug%{endif}%{if-info}info%{endif}%{if-warning}warning%{endif}"
        "%{if-critical}error%{endif}%{if-fatal}fatal%{endif} [%{category}] %{message}"));
    // Qt's own modules are noisy at info level; our categories log what matters.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.*.info=false\nqt.*.debug=false"));
    g_defaultHandler = qInstallMessageHandler(handleMessage);
}

} // namespace Logging
