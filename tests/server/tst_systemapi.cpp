#include "apitestcase.h"
#include "common/errorcode.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

const QByteArray frontend = "http://app.example.com"_ba;

} // namespace

class TestSystemApi final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        startServer([](Config &config) { config.frontendOrigin = frontend; });
    }
    void cleanupTestCase() { stopServer(); }

    void rootAnswersOk();
    void healthReportsTheDatabase();
    void readyReportsTheDatabaseAndSchema();
    void swaggerPageAndAssets();
    void swaggerAssetsStayInTheirFolder_data();
    void swaggerAssetsStayInTheirFolder();
    void openApiDescribesEveryRoute();
    void corsAllowsOnlyTheFrontend();
    void preflightIsAnswered();
    void wrongMethodIsNotAllowed_data();
    void wrongMethodIsNotAllowed();
    void unknownPathIsNotFound();
    void serverFailureLeaksNothing();
    // Last: stops the database.
    void healthReportsADownDatabase();
};

void TestSystemApi::rootAnswersOk()
{
    const HttpResult result = client().get(u"/"_s);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.object(), (QJsonObject{{"status"_L1, u"ok"_s}}));
}

void TestSystemApi::healthReportsTheDatabase()
{
    const HttpResult result = client().get(u"/api/health"_s);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.object(), (QJsonObject{{"status"_L1, u"ok"_s}, {"database"_L1, u"up"_s}}));
}

void TestSystemApi::readyReportsTheDatabaseAndSchema()
{
    const HttpResult result = client().get(u"/api/ready"_s);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.object(),
             (QJsonObject{{"status"_L1, u"ready"_s},
                          {"database"_L1, u"up"_s},
                          {"migrations"_L1, u"current"_s}}));
    QCOMPARE(client().send("POST"_ba, u"/api/ready"_s).status, 405);
}

void TestSystemApi::swaggerPageAndAssets()
{
    const HttpResult page = client().get(u"/api"_s);
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("Content-Type").startsWith("text/html"));
    QVERIFY(page.body.contains("swagger-ui"));
    for (const QString &asset :
         {u"swagger-ui.css"_s, u"swagger-ui-bundle.js"_s, u"swagger-ui-standalone-preset.js"_s,
          u"swagger-initializer.js"_s}) {
        const HttpResult result = client().get(u"/api/docs/"_s + asset);
        QVERIFY2(result.status == 200, qPrintable(asset));
        QVERIFY(result.body.size() > 100);
    }
    QVERIFY(client()
                .get(u"/api/docs/swagger-ui-bundle.js"_s)
                .header("Content-Type")
                .startsWith("text/javascript"));
}

void TestSystemApi::swaggerAssetsStayInTheirFolder_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("missing file") << u"/api/docs/nothing.js"_s;
    QTest::newRow("dot file") << u"/api/docs/.hidden"_s;
    QTest::newRow("encoded traversal") << u"/api/docs/..%2Fopenapi.json"_s;
    QTest::newRow("migration") << u"/api/docs/..%2Fmigrations%2F001_initial_schema.sql"_s;
}

void TestSystemApi::swaggerAssetsStayInTheirFolder()
{
    QFETCH(QString, path);
    const HttpResult result = client().send("GET"_ba, path);
    QCOMPARE(result.status, 404);
    QCOMPARE(result.errorCode(), u"NOT_FOUND"_s);
}

void TestSystemApi::openApiDescribesEveryRoute()
{
    const HttpResult result = client().get(u"/api/openapi.json"_s);
    QCOMPARE(result.status, 200);
    const QJsonObject document = result.object();
    QVERIFY(document["openapi"_L1].toString().startsWith(u"3."));
    const QJsonObject paths = document["paths"_L1].toObject();
    const QList<QPair<QString, QString>> routes{
        {u"/api/auth/register"_s, u"post"_s},   {u"/api/auth/login"_s, u"post"_s},
        {u"/api/auth/refresh"_s, u"post"_s},    {u"/api/auth/logout"_s, u"post"_s},
        {u"/api/auth/me"_s, u"get"_s},          {u"/api/events"_s, u"get"_s},
        {u"/api/events/{id}"_s, u"get"_s},      {u"/api/bookings"_s, u"post"_s},
        {u"/api/bookings"_s, u"get"_s},         {u"/api/bookings/{id}"_s, u"get"_s},
        {u"/api/bookings/{id}"_s, u"delete"_s}, {u"/"_s, u"get"_s},
        {u"/api/health"_s, u"get"_s},           {u"/api"_s, u"get"_s},
        {u"/api/openapi.json"_s, u"get"_s},     {u"/api/ready"_s, u"get"_s},
    };
    for (const auto &[path, method] : routes) {
        const QJsonObject operation = paths[path][method].toObject();
        QVERIFY2(!operation.isEmpty(), qPrintable(method + u' ' + path));
        QVERIFY2(operation.contains("responses"_L1), qPrintable(path));
    }
    const QJsonArray codes
        = document["components"_L1]["schemas"_L1]["Error"_L1]["properties"_L1]["code"_L1]["enum"_L1]
              .toArray();
    // Every code the server sends is documented.
    for (int value = 0; value <= int(ErrorCode::InvalidResponse); ++value) {
        const auto code = ErrorCode(value);
        if (ErrorCodes::httpStatus(code) >= 400)
            QVERIFY2(codes.contains(ErrorCodes::name(code)), qPrintable(ErrorCodes::name(code)));
    }
}

void TestSystemApi::corsAllowsOnlyTheFrontend()
{
    const HttpResult allowed
        = client().send("GET"_ba, u"/api/events"_s, {}, {{"Origin"_ba, frontend}});
    QCOMPARE(allowed.status, 200);
    QCOMPARE(allowed.header("Access-Control-Allow-Origin"), frontend);
    const HttpResult other
        = client().send("GET"_ba, u"/api/events"_s, {}, {{"Origin"_ba, "http://evil.example"_ba}});
    QCOMPARE(other.status, 200);
    QVERIFY(other.header("Access-Control-Allow-Origin").isEmpty());
    // Errors carry the headers too, or a browser would hide them from the front end.
    const HttpResult error
        = client().send("GET"_ba, u"/api/bookings"_s, {}, {{"Origin"_ba, frontend}});
    QCOMPARE(error.status, 401);
    QCOMPARE(error.header("Access-Control-Allow-Origin"), frontend);
}

void TestSystemApi::preflightIsAnswered()
{
    const HttpResult preflight
        = client().send("OPTIONS"_ba, u"/api/bookings"_s, {},
                        {{"Origin"_ba, frontend},
                         {"Access-Control-Request-Method"_ba, "POST"_ba},
                         {"Access-Control-Request-Headers"_ba, "authorization, content-type"_ba}});
    QCOMPARE(preflight.status, 204);
    QCOMPARE(preflight.header("Access-Control-Allow-Origin"), frontend);
    QVERIFY(preflight.header("Access-Control-Allow-Methods").contains("POST"));
    const QByteArray headers = preflight.header("Access-Control-Allow-Headers");
    for (const char *header : {"Authorization", "Content-Type", "Idempotency-Key", "Prefer"})
        QVERIFY2(headers.contains(header), headers.constData());
    const HttpResult foreign = client().send("OPTIONS"_ba, u"/api/bookings"_s, {},
                                             {{"Origin"_ba, "http://evil.example"_ba}});
    QVERIFY(foreign.header("Access-Control-Allow-Origin").isEmpty());
    QCOMPARE(client().send("OPTIONS"_ba, u"/api/nowhere"_s, {}, {{"Origin"_ba, frontend}}).status,
             404);
}

void TestSystemApi::wrongMethodIsNotAllowed_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("allow");
    QTest::newRow("put events") << "PUT"_ba << u"/api/events"_s << "GET, OPTIONS"_ba;
    QTest::newRow("delete an event")
        << "DELETE"_ba << u"/api/events/00000000-0000-4000-8000-000000000000"_s
        << "GET, OPTIONS"_ba;
    QTest::newRow("get login") << "GET"_ba << u"/api/auth/login"_s << "POST, OPTIONS"_ba;
    QTest::newRow("patch bookings") << "PATCH"_ba << u"/api/bookings"_s << "POST, GET, OPTIONS"_ba;
    QTest::newRow("post root") << "POST"_ba << u"/"_s << "GET, OPTIONS"_ba;
}

void TestSystemApi::wrongMethodIsNotAllowed()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, allow);
    const HttpResult result = client().send(method, path);
    QCOMPARE(result.status, 405);
    QCOMPARE(result.errorCode(), u"METHOD_NOT_ALLOWED"_s);
    QCOMPARE(result.header("Allow"), allow);
}

void TestSystemApi::unknownPathIsNotFound()
{
    const HttpResult result = client().get(u"/api/tickets"_s);
    QCOMPARE(result.status, 404);
    QCOMPARE(result.errorCode(), u"NOT_FOUND"_s);
    QCOMPARE(result.object()["message"_L1].toString(), u"Cannot GET /api/tickets"_s);
    QCOMPARE(client().get(u"/api/events/"_s).status, 404);
}

void TestSystemApi::serverFailureLeaksNothing()
{
    // Break the schema under the running server (a query of its own: a kept answer of the
    // listing would not go to the database).
    fixtures().scalar(u"ALTER TABLE events RENAME COLUMN venue TO place"_s);
    const HttpResult result = client().get(u"/api/events?search=broken"_s);
    fixtures().scalar(u"ALTER TABLE events RENAME COLUMN place TO venue"_s);
    QCOMPARE(result.status, 500);
    QCOMPARE(result.object(),
             (QJsonObject{{"statusCode"_L1, 500},
                          {"error"_L1, u"Internal Server Error"_s},
                          {"message"_L1, u"Internal server error"_s},
                          {"code"_L1, u"INTERNAL"_s}}));
    // The server carries on.
    QCOMPARE(client().get(u"/api/events"_s).status, 200);
}

void TestSystemApi::healthReportsADownDatabase()
{
    cluster().stop();
    const HttpResult result = client().get(u"/api/health"_s);
    QCOMPARE(result.status, 503);
    QCOMPARE(result.object()["status"_L1].toString(), u"error"_s);
    QCOMPARE(result.object()["database"_L1].toString(), u"down"_s);
    QCOMPARE(result.errorCode(), u"SERVICE_UNAVAILABLE"_s);
    QCOMPARE(result.header("Retry-After"), "1"_ba);
    const HttpResult ready = client().get(u"/api/ready"_s);
    QCOMPARE(ready.status, 503);
    QCOMPARE(ready.errorCode(), u"SERVICE_UNAVAILABLE"_s);
    QCOMPARE(ready.header("Retry-After"), "1"_ba);
    QCOMPARE(ready.object()["status"_L1].toString(), u"not ready"_s);
    QCOMPARE(ready.object()["database"_L1].toString(), u"down"_s);
    // Other routes fail cleanly too: a 503 in the contract's shape, no SQL in the body.
    const HttpResult events = client().get(u"/api/events"_s);
    QCOMPARE(events.status, 503);
    QCOMPARE(events.errorCode(), u"SERVICE_UNAVAILABLE"_s);
    QVERIFY(!events.body.contains("SELECT"));
    QVERIFY(!events.body.contains("connection"));
}

QTEST_GUILESS_MAIN(TestSystemApi)
#include "tst_systemapi.moc"
