#include "logging.h"

#include <QLoggingCategory>

namespace Logging {

void install()
{
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-dd hh:mm:ss.zzz} "
        "%{if-debug}debug%{endif}%{if-info}info%{endif}%{if-warning}warning%{endif}"
        "%{if-critical}error%{endif}%{if-fatal}fatal%{endif} [%{category}] %{message}"));
    // Qt's own modules are noisy at info level; our categories log what matters.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.*.info=false\nqt.*.debug=false"));
}

} // namespace Logging
