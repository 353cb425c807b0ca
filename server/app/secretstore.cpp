#include "secretstore.h"

#include <QFile>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace SecretStore {

namespace {

QByteArray randomSecret()
{
    QByteArray bytes(48, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

Result<Secrets> loadOrCreate(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        if (lines.size() == 2 && lines[0].size() >= 32 && lines[1].size() >= 32)
            return Secrets{lines[0].trimmed(), lines[1].trimmed()};
        file.close();
    }
    const Secrets secrets{randomSecret(), randomSecret()};
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error(ErrorCode::Internal, u"cannot write "_s + path + u": "_s + file.errorString());
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    file.write(secrets.accessSecret + '\n' + secrets.refreshSecret + '\n');
    return secrets;
}

} // namespace SecretStore
