// Fuzzes token verification (TokenService, libjwt) against fixed secrets and a fixed clock.
// Two kinds of input:
//   - anything else: a token string as the Authorization header or a refresh body carries it;
//   - 'A' or 'R', then a header and a payload (JSON text, separated by a line feed): the
//     fuzzer signs them with the access ('A') or refresh ('R') secret, so that it explores
//     the claim checks behind a valid signature too.
// An accepted token must be HS256, signed with that kind's secret (the signature is exactly
// the HMAC of the first two parts), unexpired, and carry that kind's claims; no token is both.

#include "fuzzcheck.h"
#include "services/clock.h"
#include "services/tokenservice.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace {

// 2026-09-21T09:46:40Z; the committed corpus's tokens expire in 2030.
constexpr qint64 now = 1'790'000'000;
const QByteArray accessSecret = "fuzz-access-secret-0123456789abcdef0123"_ba;
const QByteArray refreshSecret = "fuzz-refresh-secret-0123456789abcdef012"_ba;

class FixedClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::fromSecsSinceEpoch(::now, Qt::UTC); }
};

const TokenService &tokens()
{
    static const FixedClock clock;
    static const TokenService service({accessSecret, refreshSecret}, clock);
    return service;
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray signature(const QByteArray &signingInput, const QByteArray &secret)
{
    return base64Url(
        QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256));
}

//! The JSON object a token part holds, as Qt reads it (empty when it is not one).
QJsonObject part(const QByteArray &encoded)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        encoded, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? QJsonDocument::fromJson(*decoded).object() : QJsonObject();
}

//! What every accepted token has, whatever its kind.
void checkGenuine(const QString &token, const QByteArray &secret)
{
    const QList<QByteArray> parts = token.toLatin1().split('.');
    FUZZ_CHECK(parts.size() == 3);
    FUZZ_CHECK(parts[2] == signature(parts[0] + '.' + parts[1], secret));
    FUZZ_CHECK(part(parts[0]).value("alg"_L1).toString() == u"HS256");
}

void verify(const QString &token)
{
    const auto access = tokens().verifyAccessToken(token);
    if (access) {
        checkGenuine(token, accessSecret);
        FUZZ_CHECK(!access->userId.isEmpty() && !access->email.isEmpty());
    } else {
        FUZZ_CHECK(access.error().code == ErrorCode::Unauthorized);
    }

    const auto refresh = tokens().verifyRefreshToken(token);
    if (refresh) {
        checkGenuine(token, refreshSecret);
        FUZZ_CHECK(!refresh->userId.isEmpty() && !refresh->tokenId.isEmpty()
                   && !refresh->familyId.isEmpty());
        FUZZ_CHECK(refresh->expiresAt.isValid() && refresh->expiresAt.toSecsSinceEpoch() > now);
    } else {
        FUZZ_CHECK(refresh.error().code == ErrorCode::Unauthorized);
    }

    // The secrets differ, so no token is both.
    FUZZ_CHECK(!(access && refresh));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!input.isEmpty() && (input.front() == 'A' || input.front() == 'R')) {
        const qsizetype split = input.indexOf('\n');
        const QByteArray header = split < 0 ? input.sliced(1) : input.sliced(1, split - 1);
        const QByteArray payload = split < 0 ? QByteArray() : input.sliced(split + 1);
        const QByteArray signingInput = base64Url(header) + '.' + base64Url(payload);
        const QByteArray &secret = input.front() == 'A' ? accessSecret : refreshSecret;
        verify(QString::fromLatin1(signingInput + '.' + signature(signingInput, secret)));
    } else {
        // As the server reads an Authorization header.
        verify(QString::fromLatin1(input));
    }
    return 0;
}
