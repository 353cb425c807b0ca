#include "apitestcase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

using namespace Qt::StringLiterals;

namespace {

QJsonObject registration(const QString &email, const QString &password = u"Password123"_s,
                         const QString &name = u"Ann Example"_s)
{
    return {{"email"_L1, email}, {"password"_L1, password}, {"name"_L1, name}};
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString signedToken(const QJsonObject &header, const QJsonObject &claims, QLatin1StringView secret)
{
    const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature = QMessageAuthenticationCode::hash(
        input, QByteArray(secret.data(), secret.size()), QCryptographicHash::Sha256);
    return QString::fromLatin1(input + '.' + base64Url(signature));
}

} // namespace

class TestAuthApi final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer(); }
    void cleanupTestCase() { stopServer(); }
    void init() { resetData(); }

    void registerReturnsUserAndTokens();
    void registerNormalisesAndHashes();
    void registerTwiceIsEmailTaken();
    void registerValidation_data();
    void registerValidation();
    void bodyMustBeAJsonObject_data();
    void bodyMustBeAJsonObject();
    void loginWithTheSeedUser();
    void loginFailuresLookAlike_data();
    void loginFailuresLookAlike();
    void meNeedsAValidAccessToken_data();
    void meNeedsAValidAccessToken();
    void passwordsAreNeverTruncated();
    void refreshRotatesTheTokens();
    void reusedRefreshTokenRevokesTheFamily();
    void otherSessionsSurviveARevokedFamily();
    void refreshRefusesWrongTokens_data();
    void refreshRefusesWrongTokens();
    void logoutEndsTheSession();

private:
    QJsonObject login(const QString &email = u"john.doe@example.com"_s);
};

QJsonObject TestAuthApi::login(const QString &email)
{
    const HttpResult result = client().post(
        u"/api/auth/login"_s, {{"email"_L1, email}, {"password"_L1, u"Password123"_s}});
    return result.status == 200 ? result.object() : QJsonObject();
}

void TestAuthApi::registerReturnsUserAndTokens()
{
    const HttpResult result
        = client().post(u"/api/auth/register"_s, registration(u"ann@example.com"_s));
    QCOMPARE(result.status, 201);
    const QJsonObject body = result.object();
    const QJsonObject user = body["user"_L1].toObject();
    QStringList keys = user.keys();
    keys.sort();
    QCOMPARE(keys, (QStringList{u"createdAt"_s, u"email"_s, u"id"_s, u"name"_s}));
    QCOMPARE(user["email"_L1].toString(), u"ann@example.com"_s);
    QCOMPARE(user["name"_L1].toString(), u"Ann Example"_s);
    QCOMPARE(body["accessToken"_L1].toString().count(u'.'), 2);
    QCOMPARE(body["refreshToken"_L1].toString().count(u'.'), 2);
    QVERIFY(!result.body.contains("password"));
    // The new token works at once.
    const HttpResult me = client().get(u"/api/auth/me"_s, body["accessToken"_L1].toString());
    QCOMPARE(me.status, 200);
    QCOMPARE(me.object(), user);
}

void TestAuthApi::registerNormalisesAndHashes()
{
    const HttpResult result = client().post(
        u"/api/auth/register"_s,
        registration(u"  Mixed.Case@Example.COM "_s, u"Password123"_s, u"  Trimmed Name  "_s));
    QCOMPARE(result.status, 201);
    QCOMPARE(result.object()["user"_L1]["email"_L1].toString(), u"mixed.case@example.com"_s);
    QCOMPARE(result.object()["user"_L1]["name"_L1].toString(), u"Trimmed Name"_s);
    const QString hash = fixtures()
                             .scalar(u"SELECT password_hash FROM users WHERE email = ?"_s,
                                     {u"mixed.case@example.com"_s})
                             .toString();
    QVERIFY2(hash.startsWith(u"$2b$10$"), qPrintable(hash));
    // The user signs in with any spelling of the address.
    QVERIFY(!login(u"MIXED.case@example.com"_s).isEmpty());
}

void TestAuthApi::registerTwiceIsEmailTaken()
{
    QCOMPARE(client().post(u"/api/auth/register"_s, registration(u"ann@example.com"_s)).status,
             201);
    const HttpResult again
        = client().post(u"/api/auth/register"_s, registration(u"ANN@example.com"_s));
    QCOMPARE(again.status, 409);
    QCOMPARE(again.errorCode(), u"EMAIL_TAKEN"_s);
    QCOMPARE(again.object()["message"_L1].toString(), u"Email already registered"_s);
    QCOMPARE(
        fixtures().scalar(u"SELECT count(*) FROM users WHERE email = 'ann@example.com'"_s).toInt(),
        1);
}

void TestAuthApi::registerValidation_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QStringList>("details");

    QTest::newRow("empty object lists every field")
        << QJsonObject()
        << QStringList{u"email should not be empty"_s, u"password should not be empty"_s,
                       u"name should not be empty"_s};
    QTest::newRow("bad email") << registration(u"not-an-email"_s)
                               << QStringList{u"email must be an email"_s};
    QTest::newRow("short password")
        << registration(u"a@example.com"_s, u"Pass1"_s)
        << QStringList{u"password must be longer than or equal to 8 characters"_s};
    QTest::newRow("password without digit")
        << registration(u"a@example.com"_s, u"Password"_s)
        << QStringList{u"password must contain at least one letter and one number"_s};
    QTest::newRow("password over 72 bytes")
        << registration(u"a@example.com"_s, QString(72, u'a') + u'1')
        << QStringList{u"password must be at most 72 bytes long"_s};
    QTest::newRow("one-letter name")
        << registration(u"a@example.com"_s, u"Password123"_s, u"A"_s)
        << QStringList{u"name must be longer than or equal to 2 characters"_s};
    QTest::newRow("email of the wrong type")
        << QJsonObject{{"email"_L1, 42}, {"password"_L1, u"Password123"_s}, {"name"_L1, u"Ann"_s}}
        << QStringList{u"email must be a string"_s};
    QTest::newRow("name with a NUL character")
        << registration(u"a@example.com"_s, u"Password123"_s, u"Jo\u0000hn"_s)
        << QStringList{u"name must not contain NUL characters"_s};
    QTest::newRow("null name") << QJsonObject{{"email"_L1, u"a@example.com"_s},
                                              {"password"_L1, u"Password123"_s},
                                              {"name"_L1, QJsonValue::Null}}
                               << QStringList{u"name should not be empty"_s};
}

void TestAuthApi::registerValidation()
{
    QFETCH(QJsonObject, body);
    QFETCH(QStringList, details);
    const HttpResult result = client().post(u"/api/auth/register"_s, body);
    QCOMPARE(result.status, 400);
    QCOMPARE(result.errorCode(), u"VALIDATION_FAILED"_s);
    QCOMPARE(result.object()["details"_L1].toVariant().toStringList(), details);
    QCOMPARE(result.object()["message"_L1].toString(), details.join(u"; "_s));
    QCOMPARE(fixtures().scalar(u"SELECT count(*) FROM users"_s).toInt(), 3);
}

void TestAuthApi::bodyMustBeAJsonObject_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::newRow("broken json") << "{\"email\": "_ba << u"INVALID_JSON"_s;
    QTest::newRow("array") << "[1, 2]"_ba << u"INVALID_JSON"_s;
    QTest::newRow("string") << "\"hello\""_ba << u"INVALID_JSON"_s;
    QTest::newRow("not json at all") << "email=a@b.c"_ba << u"INVALID_JSON"_s;
    QTest::newRow("empty body is an empty object") << QByteArray() << u"VALIDATION_FAILED"_s;
}

void TestAuthApi::bodyMustBeAJsonObject()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    for (const QString &path : {u"/api/auth/register"_s, u"/api/auth/login"_s,
                                u"/api/auth/refresh"_s, u"/api/auth/logout"_s}) {
        const HttpResult result = client().send("POST"_ba, path, body);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.errorCode(), code);
        QCOMPARE(result.object()["statusCode"_L1].toInt(), 400);
    }
}

void TestAuthApi::loginWithTheSeedUser()
{
    const QJsonObject body = login();
    QVERIFY(!body.isEmpty());
    QCOMPARE(body["user"_L1]["email"_L1].toString(), u"john.doe@example.com"_s);
    QCOMPARE(body["user"_L1]["name"_L1].toString(), u"John Doe"_s);
    QVERIFY(!body["accessToken"_L1].toString().isEmpty());
}

void TestAuthApi::loginFailuresLookAlike_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::newRow("wrong password") << u"john.doe@example.com"_s << u"Password124"_s;
    QTest::newRow("unknown email") << u"nobody@example.com"_s << u"Password123"_s;
    QTest::newRow("over-long password") << u"john.doe@example.com"_s << QString(100, u'x');
}

void TestAuthApi::loginFailuresLookAlike()
{
    QFETCH(QString, email);
    QFETCH(QString, password);
    const HttpResult result
        = client().post(u"/api/auth/login"_s, {{"email"_L1, email}, {"password"_L1, password}});
    QCOMPARE(result.status, 401);
    QCOMPARE(result.object(),
             (QJsonObject{{"statusCode"_L1, 401},
                          {"error"_L1, u"Unauthorized"_s},
                          {"message"_L1, u"Invalid credentials"_s},
                          {"code"_L1, u"INVALID_CREDENTIALS"_s}}));
}

void TestAuthApi::meNeedsAValidAccessToken_data()
{
    QTest::addColumn<QString>("kind");
    for (const char *kind : {"no header", "no scheme", "basic scheme", "bearer without token",
                             "garbage token", "expired token", "signed with the refresh secret",
                             "alg none", "HS512 with the access secret"})
        QTest::newRow(kind) << QString::fromLatin1(kind);
}

void TestAuthApi::meNeedsAValidAccessToken()
{
    QFETCH(QString, kind);
    // Tokens for a real user, so that only the token itself can be the reason for a 401.
    const QJsonObject session = login();
    const QString userId = session["user"_L1]["id"_L1].toString();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject hs256{{"alg"_L1, u"HS256"_s}, {"typ"_L1, u"JWT"_s}};
    QJsonObject claims{{"sub"_L1, userId},
                       {"email"_L1, u"john.doe@example.com"_s},
                       {"iat"_L1, now},
                       {"exp"_L1, now + 600}};
    // The control: the forging itself is right, a well-made token passes.
    QCOMPARE(client()
                 .get(u"/api/auth/me"_s, signedToken(hs256, claims, TestServer::AccessSecret))
                 .status,
             200);

    QByteArray authorization;
    if (kind == u"no scheme")
        authorization = session["accessToken"_L1].toString().toLatin1();
    else if (kind == u"basic scheme")
        authorization = "Basic am9objpwYXNz"_ba;
    else if (kind == u"bearer without token")
        authorization = "Bearer "_ba;
    else if (kind == u"garbage token")
        authorization = "Bearer not-a-token"_ba;
    else if (kind == u"expired token") {
        claims["exp"_L1] = now - 1;
        authorization
            = "Bearer "_ba + signedToken(hs256, claims, TestServer::AccessSecret).toLatin1();
    } else if (kind == u"signed with the refresh secret") {
        authorization
            = "Bearer "_ba + signedToken(hs256, claims, TestServer::RefreshSecret).toLatin1();
    } else if (kind == u"alg none") {
        authorization
            = "Bearer "_ba
            + base64Url(
                  QJsonDocument(QJsonObject{{"alg"_L1, u"none"_s}}).toJson(QJsonDocument::Compact))
            + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.';
    } else if (kind == u"HS512 with the access secret") {
        const QByteArray input
            = base64Url(
                  QJsonDocument(QJsonObject{{"alg"_L1, u"HS512"_s}}).toJson(QJsonDocument::Compact))
            + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
        authorization = "Bearer "_ba + input + '.'
            + base64Url(QMessageAuthenticationCode::hash(
                input, QByteArray(TestServer::AccessSecret.data()), QCryptographicHash::Sha512));
    }
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization"_ba, authorization});
    const HttpResult result = client().send("GET"_ba, u"/api/auth/me"_s, {}, headers);
    QCOMPARE(result.status, 401);
    QCOMPARE(result.errorCode(), u"UNAUTHORIZED"_s);
    QCOMPARE(result.header("WWW-Authenticate"), "Bearer"_ba);
}

void TestAuthApi::passwordsAreNeverTruncated()
{
    const QString password = QString(71, u'a') + u'1'; // exactly 72 bytes
    QCOMPARE(client()
                 .post(u"/api/auth/register"_s, registration(u"long@example.com"_s, password))
                 .status,
             201);
    const auto attempt = [this](const QString &tried) {
        return client()
            .post(u"/api/auth/login"_s,
                  {{"email"_L1, u"long@example.com"_s}, {"password"_L1, tried}})
            .status;
    };
    QCOMPARE(attempt(password), 200);
    // bcrypt would match these on their first 72 bytes; the server must not.
    QCOMPARE(attempt(password + u"ANYTHING-ELSE"_s), 401);
    QCOMPARE(attempt(password + u'x'), 401);
}

void TestAuthApi::refreshRotatesTheTokens()
{
    const QJsonObject session = login();
    const HttpResult refreshed
        = client().post(u"/api/auth/refresh"_s, {{"refreshToken"_L1, session["refreshToken"_L1]}});
    QCOMPARE(refreshed.status, 200);
    const QJsonObject body = refreshed.object();
    QCOMPARE(body["user"_L1]["email"_L1].toString(), u"john.doe@example.com"_s);
    QVERIFY(body["refreshToken"_L1].toString() != session["refreshToken"_L1].toString());
    QCOMPARE(client().get(u"/api/auth/me"_s, body["accessToken"_L1].toString()).status, 200);
    // Only hashes are stored.
    QCOMPARE(fixtures()
                 .scalar(u"SELECT count(*) FROM refresh_tokens WHERE encode(token_hash, 'escape') "
                         u"LIKE '%' || ? || '%'"_s,
                         {session["refreshToken"_L1].toString().left(20)})
                 .toInt(),
             0);
}

void TestAuthApi::reusedRefreshTokenRevokesTheFamily()
{
    const QJsonObject session = login();
    const QJsonValue first = session["refreshToken"_L1];
    const QJsonObject rotated
        = client().post(u"/api/auth/refresh"_s, {{"refreshToken"_L1, first}}).object();
    // Someone replays the first token: refused, and the whole login session ends.
    const HttpResult replay = client().post(u"/api/auth/refresh"_s, {{"refreshToken"_L1, first}});
    QCOMPARE(replay.status, 401);
    QCOMPARE(replay.errorCode(), u"UNAUTHORIZED"_s);
    const HttpResult legitimate
        = client().post(u"/api/auth/refresh"_s, {{"refreshToken"_L1, rotated["refreshToken"_L1]}});
    QCOMPARE(legitimate.status, 401);
}

void TestAuthApi::otherSessionsSurviveARevokedFamily()
{
    const QJsonObject laptop = login();
    const QJsonObject phone = login();
    client().post(u"/api/auth/refresh"_s, {{"refreshToken"_L1, laptop["refreshToken"_L1]}});
    client().post(u"/api/auth/refresh"_s, {{"refreshToken"_L1, laptop["refreshToken"_L1]}});
    QCOMPARE(client()
                 .post(u"/api/auth/refresh"_s, {{"refreshToken"_L1, phone["refreshToken"_L1]}})
                 .status,
             200);
}

void TestAuthApi::refreshRefusesWrongTokens_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("an access token") << u"access"_s;
    QTest::newRow("garbage") << u"garbage"_s;
    QTest::newRow("signed with the access secret") << u"forged"_s;
}

void TestAuthApi::refreshRefusesWrongTokens()
{
    QFETCH(QString, kind);
    const QJsonObject session = login();
    QString token = u"x.y.z"_s;
    if (kind == u"access")
        token = session["accessToken"_L1].toString();
    if (kind == u"forged") {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        token = signedToken({{"alg"_L1, u"HS256"_s}},
                            {{"sub"_L1, session["user"_L1]["id"_L1]},
                             {"jti"_L1, u"00000000-0000-4000-8000-000000000001"_s},
                             {"fam"_L1, u"00000000-0000-4000-8000-000000000002"_s},
                             {"exp"_L1, now + 600}},
                            TestServer::AccessSecret);
    }
    const HttpResult result = client().post(u"/api/auth/refresh"_s, {{"refreshToken"_L1, token}});
    QCOMPARE(result.status, 401);
    QCOMPARE(result.errorCode(), u"UNAUTHORIZED"_s);
}

void TestAuthApi::logoutEndsTheSession()
{
    const QJsonObject session = login();
    const QJsonObject body{{"refreshToken"_L1, session["refreshToken"_L1]}};
    const HttpResult loggedOut = client().post(u"/api/auth/logout"_s, body);
    QCOMPARE(loggedOut.status, 204);
    QVERIFY(loggedOut.body.isEmpty());
    QCOMPARE(client().post(u"/api/auth/refresh"_s, body).status, 401);
    QCOMPARE(client().post(u"/api/auth/logout"_s, body).status, 401);
    QCOMPARE(client().post(u"/api/auth/logout"_s, {{"refreshToken"_L1, u"a.b.c"_s}}).status, 401);
}

QTEST_GUILESS_MAIN(TestAuthApi)
#include "tst_authapi.moc"
