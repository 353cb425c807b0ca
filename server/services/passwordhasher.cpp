#include "passwordhasher.h"

#include <crypt.h>
#include <memory>
#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace {

//! crypt_rn into a heap buffer (struct crypt_data is about 32 KiB); empty on failure.
QByteArray bcrypt(const QByteArray &password, const QByteArray &setting)
{
    auto data = std::make_unique<crypt_data>();
    const char *result
        = crypt_rn(password.constData(), setting.constData(), data.get(), int(sizeof(crypt_data)));
    if (!result || result[0] == '*')
        return {};
    return QByteArray(result);
}

} // namespace

PasswordHasher::PasswordHasher(int cost)
    : m_cost(std::max(cost, MinimumCost))
{
    if (auto dummy = hash(u"not a real password 0"_s))
        m_dummyHash = dummy.value();
}

Result<QString> PasswordHasher::hash(const QString &password) const
{
    const QByteArray utf8 = password.toUtf8();
    // C strings end at NUL: a password containing one would be silently cut short.
    if (utf8.contains('\0'))
        return Error(ErrorCode::ValidationFailed, u"password must not contain NUL characters"_s);
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    // A null random buffer makes libxcrypt draw the salt from the operating system.
    if (!crypt_gensalt_rn("$2b$", unsigned(m_cost), nullptr, 0, setting, sizeof setting))
        return Error(ErrorCode::Internal, u"cannot generate a bcrypt salt"_s);
    const QByteArray hashed = bcrypt(utf8, setting);
    if (hashed.isEmpty())
        return Error(ErrorCode::Internal, u"bcrypt failed"_s);
    return QString::fromLatin1(hashed);
}

bool PasswordHasher::verify(const QString &password, const QString &hash) const
{
    const QByteArray utf8 = password.toUtf8();
    const QByteArray expected = hash.toLatin1();
    if (utf8.contains('\0') || !expected.startsWith("$2"))
        return false;
    const QByteArray actual = bcrypt(utf8, expected);
    // bcrypt reads 72 bytes; a longer password would match on its prefix. Refused, after
    // the same work, so that the answer takes as long as any other.
    if (utf8.size() > MaxPasswordBytes)
        return false;
    return !actual.isEmpty() && actual.size() == expected.size()
        && CRYPTO_memcmp(actual.constData(), expected.constData(), size_t(actual.size())) == 0;
}

void PasswordHasher::verifyAgainstDummy(const QString &password) const
{
    (void)verify(password, m_dummyHash);
}
