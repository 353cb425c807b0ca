#include "secretstore.h"

#include "storage/privatefiles.h"

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

std::optional<Secrets> parse(const QByteArray &content)
{
    const QList<QByteArray> lines = content.trimmed().split('\n');
    if (lines.size() == 2 && lines[0].trimmed().size() >= 32 && lines[1].trimmed().size() >= 32)
        return Secrets{lines[0].trimmed(), lines[1].trimmed()};
    return std::nullopt;
}

} // namespace

Result<Secrets> loadOrCreate(const QString &path)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto existing = PrivateFiles::read(path);
        if (!existing)
            return existing.error();
        if (*existing) {
            if (auto secrets = parse(**existing))
                return *secrets;
        }
        const Secrets secrets{randomSecret(), randomSecret()};
        // A damaged file is replaced; one another process wrote meanwhile is read again.
        auto written
            = PrivateFiles::write(path, secrets.accessSecret + '\n' + secrets.refreshSecret + '\n',
                                  existing->has_value());
        if (!written)
            return written.error();
        if (*written)
            return secrets;
    }
    return Error(ErrorCode::Internal, u"cannot keep the token secrets in "_s + path);
}

} // namespace SecretStore
