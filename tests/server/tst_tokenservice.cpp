#include "manualclock.h"
#include "services/tokenservice.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QByteArray accessSecret = "access-secret-for-tests-0123456789abcdef"_ba;
const QByteArray refreshSecret = "refresh-secret-for-tests-0123456789abcdef"_ba;

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

//! A token forged by hand: any header, any claims, signed (or not) as the test wishes.
QString forge(const QJsonObject &header, const QJsonObject &claims, const QByteArray &secret,
              QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256)
{
    const QByteArray signingInput = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact))
        + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature = secret.isEmpty()
        ? QByteArray()
        : base64Url(QMessageAuthenticationCode::hash(signingInput, secret, algorithm));
    return QString::fromLatin1(signingInput + '.' + signature);
}

QJsonObject validClaims(qint64 now)
{
    return {{"sub"_L1, u"3f2b1c4e-8d9a-4b7c-9e1f-0a2b3c4d5e6f"_s},
            {"email"_L1, u"a@example.com"_s},
            {"iat"_L1, now},
            {"exp"_L1, now + 900}};
}

} // namespace

class TestTokenService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void accessTokenRoundTrips();
    void accessTokenHasTheSeedClaims();
    void refreshTokenRoundTrips();
    void expiredAccessTokenIsRefused();
    void tamperedTokenIsRefused();
    void forgedTokensAreRefused_data();
    void forgedTokensAreRefused();
    void handSignedHs256IsAccepted();
    void refreshTokenExpiringBeyondTheCalendarIsRefused();
    void validTokenWithMoreAfterItIsRefused_data();
    void validTokenWithMoreAfterItIsRefused();
    void refreshTokenIsNotAnAccessToken();
    void accessTokenIsNotARefreshToken();
    void sameSecretsStillKeepTheKindsApart();
    void garbageIsRefused_data();
    void garbageIsRefused();
    void fingerprintIsSha256();

private:
    ManualClock m_clock;
    std::unique_ptr<TokenService> m_tokens;
};

void TestTokenService::init()
{
    m_clock.set(QDateTime::currentDateTimeUtc());
    m_tokens = std::make_unique<TokenService>(TokenService::Settings{accessSecret, refreshSecret,
                                                                     std::chrono::minutes(15),
                                                                     std::chrono::hours(24 * 7)},
                                              m_clock);
}

void TestTokenService::accessTokenRoundTrips()
{
    const auto token = m_tokens->issueAccessToken(u"user-1"_s, u"a@example.com"_s);
    QVERIFY(token.ok());
    const auto claims = m_tokens->verifyAccessToken(*token);
    QVERIFY(claims.ok());
    QCOMPARE(claims->userId, u"user-1"_s);
    QCOMPARE(claims->email, u"a@example.com"_s);
}

void TestTokenService::accessTokenHasTheSeedClaims()
{
    const auto token = m_tokens->issueAccessToken(u"user-1"_s, u"a@example.com"_s);
    const QList<QByteArray> parts = token->toLatin1().split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject header
        = QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding))
              .object();
    const QJsonObject claims
        = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
              .object();
    QCOMPARE(header.value("alg"_L1).toString(), u"HS256"_s);
    QCOMPARE(claims.value("sub"_L1).toString(), u"user-1"_s);
    QCOMPARE(claims.value("email"_L1).toString(), u"a@example.com"_s);
    const qint64 iat = claims.value("iat"_L1).toInteger();
    QCOMPARE(claims.value("exp"_L1).toInteger() - iat, 15 * 60);
}

void TestTokenService::refreshTokenRoundTrips()
{
    const auto issued = m_tokens->issueRefreshToken(u"user-1"_s, u"family-1"_s);
    QVERIFY(issued.ok());
    const auto claims = m_tokens->verifyRefreshToken(issued->token);
    QVERIFY(claims.ok());
    QCOMPARE(claims->userId, u"user-1"_s);
    QCOMPARE(claims->familyId, u"family-1"_s);
    QCOMPARE(claims->tokenId, issued->claims.tokenId);
    QCOMPARE(claims->expiresAt.toSecsSinceEpoch(), m_clock.now().addDays(7).toSecsSinceEpoch());
    // Every token is unique, even for the same user and family at the same second.
    QVERIFY(m_tokens->issueRefreshToken(u"user-1"_s, u"family-1"_s)->token != issued->token);
}

void TestTokenService::expiredAccessTokenIsRefused()
{
    const auto token = m_tokens->issueAccessToken(u"user-1"_s, u"a@example.com"_s);
    m_clock.advance(15 * 60 - 1);
    QVERIFY(m_tokens->verifyAccessToken(*token).ok());
    m_clock.advance(1);
    const auto claims = m_tokens->verifyAccessToken(*token);
    QVERIFY(!claims.ok());
    QCOMPARE(claims.error().code, ErrorCode::Unauthorized);
}

void TestTokenService::tamperedTokenIsRefused()
{
    const QString token = *m_tokens->issueAccessToken(u"user-1"_s, u"a@example.com"_s);
    QStringList parts = token.split(u'.');
    // Claim to be someone else, keep the signature.
    QJsonObject claims
        = QJsonDocument::fromJson(
              QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding))
              .object();
    claims.insert("sub"_L1, u"admin"_s);
    parts[1] = QString::fromLatin1(base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)));
    QVERIFY(!m_tokens->verifyAccessToken(parts.join(u'.')).ok());
    // Flip one character of the signature.
    QString flipped = token;
    flipped[flipped.size() - 2] = flipped[flipped.size() - 2] == u'A' ? u'B' : u'A';
    QVERIFY(!m_tokens->verifyAccessToken(flipped).ok());
}

void TestTokenService::forgedTokensAreRefused_data()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QTest::addColumn<QString>("token");
    QTest::newRow("alg none without signature")
        << forge({{"alg"_L1, u"none"_s}, {"typ"_L1, u"JWT"_s}}, validClaims(now), {});
    QTest::newRow("alg none with a signature")
        << forge({{"alg"_L1, u"none"_s}}, validClaims(now), accessSecret);
    QTest::newRow("HS512 signed with the right secret")
        << forge({{"alg"_L1, u"HS512"_s}, {"typ"_L1, u"JWT"_s}}, validClaims(now), accessSecret,
                 QCryptographicHash::Sha512);
    QTest::newRow("HS384 signed with the right secret") << forge(
        {{"alg"_L1, u"HS384"_s}}, validClaims(now), accessSecret, QCryptographicHash::Sha384);
    QTest::newRow("RS256 header") << forge({{"alg"_L1, u"RS256"_s}}, validClaims(now),
                                           accessSecret);
    QTest::newRow("HS256 with the wrong secret")
        << forge({{"alg"_L1, u"HS256"_s}}, validClaims(now), "not-the-secret-0123456789abcdef"_ba);
    QTest::newRow("HS256 without exp") << forge(
        {{"alg"_L1, u"HS256"_s}},
        {{"sub"_L1, u"u"_s}, {"email"_L1, u"a@example.com"_s}, {"iat"_L1, now}}, accessSecret);
    QTest::newRow("HS256 without sub")
        << forge({{"alg"_L1, u"HS256"_s}}, {{"email"_L1, u"a@example.com"_s}, {"exp"_L1, now + 60}},
                 accessSecret);
    QTest::newRow("HS256 expired an hour ago")
        << forge({{"alg"_L1, u"HS256"_s}},
                 {{"sub"_L1, u"u"_s}, {"email"_L1, u"a@example.com"_s}, {"exp"_L1, now - 3600}},
                 accessSecret);
}

void TestTokenService::forgedTokensAreRefused()
{
    QFETCH(QString, token);
    const auto claims = m_tokens->verifyAccessToken(token);
    QVERIFY(!claims.ok());
    QCOMPARE(claims.error().code, ErrorCode::Unauthorized);
}

void TestTokenService::handSignedHs256IsAccepted()
{
    // The forging helper itself is right: the same construction with HS256 passes. Without
    // this, the refusals above could pass for the wrong reason.
    const QString token = forge({{"alg"_L1, u"HS256"_s}, {"typ"_L1, u"JWT"_s}},
                                validClaims(m_clock.now().toSecsSinceEpoch()), accessSecret);
    QVERIFY(m_tokens->verifyAccessToken(token).ok());
}

void TestTokenService::refreshTokenExpiringBeyondTheCalendarIsRefused()
{
    // Found by fuzz_tokenservice: a token signed with exp = 2^63 - 1 was accepted with an
    // invalid expiresAt in its claims.
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    QJsonObject claims{{"sub"_L1, u"user-1"_s},
                       {"jti"_L1, u"token-1"_s},
                       {"fam"_L1, u"family-1"_s},
                       {"iat"_L1, now}};
    claims.insert("exp"_L1, std::numeric_limits<qint64>::max());
    QVERIFY(
        !m_tokens->verifyRefreshToken(forge({{"alg"_L1, u"HS256"_s}}, claims, refreshSecret)).ok());
    claims.insert("exp"_L1, now + 3600);
    QVERIFY(
        m_tokens->verifyRefreshToken(forge({{"alg"_L1, u"HS256"_s}}, claims, refreshSecret)).ok());
}

void TestTokenService::validTokenWithMoreAfterItIsRefused_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("NUL and garbage (found by fuzz_tokenservice)") << u"\0xyz"_s;
    QTest::newRow("a NUL") << QString(QChar(0));
    QTest::newRow("a space") << u" "_s;
    QTest::newRow("base64 padding") << u"="_s;
}

void TestTokenService::validTokenWithMoreAfterItIsRefused()
{
    // Only the very string that was signed is the token: its fingerprint is what the database
    // knows, and libjwt alone would stop reading at a NUL.
    QFETCH(QString, suffix);
    const auto access = m_tokens->issueAccessToken(u"user-1"_s, u"a@example.com"_s);
    QVERIFY(m_tokens->verifyAccessToken(*access).ok());
    QVERIFY(!m_tokens->verifyAccessToken(*access + suffix).ok());
    const auto refresh = m_tokens->issueRefreshToken(u"user-1"_s, u"family-1"_s);
    QVERIFY(m_tokens->verifyRefreshToken(refresh->token).ok());
    QVERIFY(!m_tokens->verifyRefreshToken(refresh->token + suffix).ok());
}

void TestTokenService::refreshTokenIsNotAnAccessToken()
{
    const auto issued = m_tokens->issueRefreshToken(u"user-1"_s, u"family-1"_s);
    QVERIFY(!m_tokens->verifyAccessToken(issued->token).ok());
}

void TestTokenService::accessTokenIsNotARefreshToken()
{
    const auto token = m_tokens->issueAccessToken(u"user-1"_s, u"a@example.com"_s);
    QVERIFY(!m_tokens->verifyRefreshToken(*token).ok());
}

void TestTokenService::sameSecretsStillKeepTheKindsApart()
{
    TokenService careless(
        {accessSecret, accessSecret, std::chrono::minutes(15), std::chrono::hours(1)}, m_clock);
    const auto refresh = careless.issueRefreshToken(u"user-1"_s, u"family-1"_s);
    const auto access = careless.issueAccessToken(u"user-1"_s, u"a@example.com"_s);
    QVERIFY(!careless.verifyAccessToken(refresh->token).ok());
    QVERIFY(!careless.verifyRefreshToken(*access).ok());
}

void TestTokenService::garbageIsRefused_data()
{
    QTest::addColumn<QString>("token");
    QTest::newRow("empty") << QString();
    QTest::newRow("one part") << u"abc"_s;
    QTest::newRow("four parts") << u"a.b.c.d"_s;
    QTest::newRow("not base64") << u"!!!.@@@.###"_s;
    QTest::newRow("header not json") << u"YWJj.YWJj.YWJj"_s;
    QTest::newRow("non-latin characters") << u"ä.ö.ü"_s;
}

void TestTokenService::garbageIsRefused()
{
    QFETCH(QString, token);
    QVERIFY(!m_tokens->verifyAccessToken(token).ok());
    QVERIFY(!m_tokens->verifyRefreshToken(token).ok());
}

void TestTokenService::fingerprintIsSha256()
{
    QCOMPARE(TokenService::fingerprint(u"abc"_s).toHex(),
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_ba);
}

QTEST_GUILESS_MAIN(TestTokenService)
#include "tst_tokenservice.moc"
