#include "dotenv.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace DotEnv {

QHash<QString, QString> parse(const QByteArray &content)
{
    QHash<QString, QString> variables;
    for (const QByteArray &rawLine : content.split('\n')) {
        QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u"export "))
            line = line.sliced(7).trimmed();
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            continue;
        const QString key = line.first(equals).trimmed();
        QString value = line.sliced(equals + 1).trimmed();
        const bool quoted = value.size() >= 2
            && ((value.startsWith(u'"') && value.endsWith(u'"'))
                || (value.startsWith(u'\'') && value.endsWith(u'\'')));
        if (quoted) {
            value = value.sliced(1, value.size() - 2);
        } else if (const qsizetype comment = value.indexOf(u" #"_s); comment >= 0) {
            value = value.first(comment).trimmed();
        }
        variables.insert(key, value);
    }
    return variables;
}

Result<QHash<QString, QString>> read(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QHash<QString, QString>();
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Internal, u"cannot read "_s + path + u": "_s + file.errorString());
    return parse(file.readAll());
}

} // namespace DotEnv
