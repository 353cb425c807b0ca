#include "api/apiclient.h"
#include "apitestcase.h"
#include "cannedserver.h"
#include "ui/errortext.h"

#include <QSignalSpy>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

//! Waits for a callback-style call and returns what it delivered.
template<typename T>
struct Outcome
{
    std::optional<Result<T>> result;
    ApiClient::Callback<T> callback()
    {
        return [this](Result<T> value) {
            result.emplace(std::move(value));
        };
    }
    bool wait(int timeoutMs = 15000)
    {
        return QTest::qWaitFor([this] { return result.has_value(); }, timeoutMs);
    }
    ErrorCode code() const { return result->error().code; }
};

} // namespace

//! ApiClient against the real server: typed results, typed errors, the session's tokens.
class TestApiClient final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        startServer([](Config &config) { config.accessTokenLifetime = 2s; });
    }
    void cleanupTestCase() { stopServer(); }
    void init();

    void signInStartsASession();
    void wrongPasswordIsInvalidCredentials();
    void registrationErrorsAreTyped();
    void eventsAndOneEvent();
    void pagesAreRevalidated();
    void bookingErrorsAreTyped();
    void cancellationErrorsAreTyped();
    void unreachableServerIsANetworkError();
    void otherAnswersAreMappedByCode_data();
    void otherAnswersAreMappedByCode();
    void unknownCodesKeepTheStatusAndTheServersWords_data();
    void unknownCodesKeepTheStatusAndTheServersWords();
    void garbageIsAnInvalidResponse();
    void addressPathIsKept();
    void expiredTokenIsRefreshedOnce();
    void concurrentCallsShareOneRefresh();
    void failedRefreshEndsTheSession();
    void signingOutDuringARenewalStaysSignedOut();
    void busyServerDuringARenewalKeepsTheSession();
    void signOutRevokesTheSession();

private:
    void signIn(ApiClient &api, const QString &email = u"john.doe@example.com"_s);

    std::unique_ptr<ApiClient> m_api;
};

void TestApiClient::init()
{
    resetData();
    m_api = std::make_unique<ApiClient>();
    m_api->setServerUrl(server().url());
}

void TestApiClient::signIn(ApiClient &api, const QString &email)
{
    Outcome<AuthResult> outcome;
    api.signIn(email, u"Password123"_s, this, outcome.callback());
    QVERIFY(outcome.wait());
    QVERIFY(outcome.result->ok());
}

void TestApiClient::signInStartsASession()
{
    QSignalSpy changed(m_api.get(), &ApiClient::sessionChanged);
    signIn(*m_api);
    QVERIFY(m_api->isSignedIn());
    QCOMPARE(m_api->currentUser().email, u"john.doe@example.com"_s);
    QCOMPARE(changed.size(), 1);
}

void TestApiClient::wrongPasswordIsInvalidCredentials()
{
    Outcome<AuthResult> outcome;
    m_api->signIn(u"john.doe@example.com"_s, u"Wrong12345"_s, this, outcome.callback());
    QVERIFY(outcome.wait());
    QCOMPARE(outcome.code(), ErrorCode::InvalidCredentials);
    QVERIFY(!m_api->isSignedIn());
}

void TestApiClient::registrationErrorsAreTyped()
{
    Outcome<AuthResult> taken;
    m_api->registerAccount(u"jane.smith@example.com"_s, u"Password123"_s, u"Jane"_s, this,
                           taken.callback());
    QVERIFY(taken.wait());
    QCOMPARE(taken.code(), ErrorCode::EmailTaken);

    Outcome<AuthResult> invalid;
    m_api->registerAccount(u"not-an-email"_s, u"short"_s, u"J"_s, this, invalid.callback());
    QVERIFY(invalid.wait());
    QCOMPARE(invalid.code(), ErrorCode::ValidationFailed);
    QCOMPARE(invalid.result->error().details.size(), 4);

    Outcome<AuthResult> created;
    m_api->registerAccount(u"new.user@example.com"_s, u"Password123"_s, u"New User"_s, this,
                           created.callback());
    QVERIFY(created.wait());
    QVERIFY(created.result->ok());
    QCOMPARE(m_api->currentUser().name, u"New User"_s);
}

void TestApiClient::eventsAndOneEvent()
{
    EventQuery query;
    query.limit = 2;
    query.sortBy = EventQuery::SortField::Price;
    query.search = u"e"_s;
    Outcome<EventPage> page;
    m_api->fetchEvents(query, this, page.callback());
    QVERIFY(page.wait());
    QVERIFY(page.result->ok());
    QCOMPARE((*page.result)->events.size(), 2);
    QVERIFY((*page.result)->total >= 3);
    QVERIFY((*page.result)->events[0].priceCents <= (*page.result)->events[1].priceCents);

    Outcome<Event> one;
    m_api->fetchEvent((*page.result)->events[0].id, this, one.callback());
    QVERIFY(one.wait());
    QCOMPARE((*one.result)->title, (*page.result)->events[0].title);

    Outcome<Event> missing;
    m_api->fetchEvent(u"00000000-0000-4000-8000-000000000000"_s, this, missing.callback());
    QVERIFY(missing.wait());
    QCOMPARE(missing.code(), ErrorCode::EventNotFound);
}

void TestApiClient::pagesAreRevalidated()
{
    EventQuery query;
    query.search = u"concert"_s;
    Outcome<ApiClient::Revalidated> first;
    m_api->revalidateEvents(query, {}, this, first.callback());
    QVERIFY(first.wait());
    QVERIFY((*first.result)->page);
    const QByteArray etag = (*first.result)->etag;
    QVERIFY(etag.startsWith('"'));

    Outcome<ApiClient::Revalidated> same;
    m_api->revalidateEvents(query, etag, this, same.callback());
    QVERIFY(same.wait());
    QVERIFY(same.result->ok());
    QVERIFY(!(*same.result)->page);
    QCOMPARE((*same.result)->etag, etag);

    // Once the page changed, the old tag brings the new page.
    signIn(*m_api);
    Outcome<BookingConfirmation> booked;
    m_api->book(fixtures().eventIdByTitle(u"Limited Concert"_s), this, booked.callback());
    QVERIFY(booked.wait());
    QVERIFY(booked.result->ok());
    Outcome<ApiClient::Revalidated> changed;
    m_api->revalidateEvents(query, etag, this, changed.callback());
    QVERIFY(changed.wait());
    QVERIFY((*changed.result)->page);
    QCOMPARE((*changed.result)->page->events.at(0).remainingTickets, 1);
    QVERIFY((*changed.result)->etag != etag);
}

void TestApiClient::bookingErrorsAreTyped()
{
    signIn(*m_api);
    const QString concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
    Outcome<BookingConfirmation> booked;
    m_api->book(concert, this, booked.callback());
    QVERIFY(booked.wait());
    QVERIFY(booked.result->ok());
    QCOMPARE((*booked.result)->remainingTickets, 1);

    Outcome<BookingConfirmation> again;
    m_api->book(concert, this, again.callback());
    QVERIFY(again.wait());
    QCOMPARE(again.code(), ErrorCode::AlreadyBooked);

    ApiClient jane;
    jane.setServerUrl(server().url());
    signIn(jane, u"jane.smith@example.com"_s);
    Outcome<BookingConfirmation> last;
    jane.book(concert, this, last.callback());
    QVERIFY(last.wait());
    ApiClient mike;
    mike.setServerUrl(server().url());
    signIn(mike, u"mike.wilson@example.com"_s);
    Outcome<BookingConfirmation> soldOut;
    mike.book(concert, this, soldOut.callback());
    QVERIFY(soldOut.wait());
    QCOMPARE(soldOut.code(), ErrorCode::SoldOut);

    Outcome<BookingConfirmation> unknown;
    mike.book(u"00000000-0000-4000-8000-000000000000"_s, this, unknown.callback());
    QVERIFY(unknown.wait());
    QCOMPARE(unknown.code(), ErrorCode::EventNotFound);
}

void TestApiClient::cancellationErrorsAreTyped()
{
    signIn(*m_api);
    Outcome<BookingConfirmation> booked;
    m_api->book(fixtures().eventIdByTitle(u"Food Festival"_s), this, booked.callback());
    QVERIFY(booked.wait());
    const QString id = (*booked.result)->booking.id;

    ApiClient jane;
    jane.setServerUrl(server().url());
    signIn(jane, u"jane.smith@example.com"_s);
    Outcome<Booking> forbidden;
    jane.cancelBooking(id, this, forbidden.callback());
    QVERIFY(forbidden.wait());
    QCOMPARE(forbidden.code(), ErrorCode::Forbidden);

    Outcome<Booking> cancelled;
    m_api->cancelBooking(id, this, cancelled.callback());
    QVERIFY(cancelled.wait());
    QCOMPARE((*cancelled.result)->status, BookingStatus::Cancelled);
    Outcome<Booking> twice;
    m_api->cancelBooking(id, this, twice.callback());
    QVERIFY(twice.wait());
    QCOMPARE(twice.code(), ErrorCode::AlreadyCancelled);
    Outcome<Booking> missing;
    m_api->cancelBooking(u"00000000-0000-4000-8000-000000000000"_s, this, missing.callback());
    QVERIFY(missing.wait());
    QCOMPARE(missing.code(), ErrorCode::BookingNotFound);

    Outcome<QList<Booking>> list;
    m_api->fetchBookings(this, list.callback());
    QVERIFY(list.wait());
    QCOMPARE(list.result->value().size(), 1);
    QCOMPARE(list.result->value().first().event->title, u"Food Festival"_s);
}

void TestApiClient::unreachableServerIsANetworkError()
{
    QTcpServer closed;
    closed.listen(QHostAddress::LocalHost, 0);
    const quint16 port = closed.serverPort();
    closed.close();
    m_api->setServerUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    Outcome<EventPage> page;
    m_api->fetchEvents(EventQuery(), this, page.callback());
    QVERIFY(page.wait());
    QCOMPARE(page.code(), ErrorCode::NetworkError);
}

void TestApiClient::otherAnswersAreMappedByCode_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("rate limited") << CannedServer::errorResponse(429, "RATE_LIMITED")
                                  << ErrorCode::RateLimited;
    QTest::newRow("unavailable") << CannedServer::errorResponse(503, "SERVICE_UNAVAILABLE")
                                 << ErrorCode::ServiceUnavailable;
    QTest::newRow("internal") << CannedServer::errorResponse(500, "INTERNAL")
                              << ErrorCode::Internal;
    QTest::newRow("too large") << CannedServer::errorResponse(413, "PAYLOAD_TOO_LARGE")
                               << ErrorCode::PayloadTooLarge;
    QTest::newRow("invalid json") << CannedServer::errorResponse(400, "INVALID_JSON")
                                  << ErrorCode::InvalidJson;
    QTest::newRow("not found") << CannedServer::errorResponse(404, "NOT_FOUND")
                               << ErrorCode::NotFound;
    QTest::newRow("method not allowed")
        << CannedServer::errorResponse(405, "METHOD_NOT_ALLOWED") << ErrorCode::MethodNotAllowed;
    QTest::newRow("upgrade required")
        << CannedServer::errorResponse(426, "UPGRADE_REQUIRED") << ErrorCode::UpgradeRequired;
    QTest::newRow("unknown code") << CannedServer::errorResponse(418, "TEAPOT")
                                  << ErrorCode::UnknownCode;
}

void TestApiClient::otherAnswersAreMappedByCode()
{
    QFETCH(QByteArray, response);
    QFETCH(ErrorCode, code);
    CannedServer canned(response);
    m_api->setServerUrl(canned.url());
    Outcome<EventPage> page;
    m_api->fetchEvents(EventQuery(), this, page.callback());
    QVERIFY(page.wait());
    QCOMPARE(page.code(), code);
}

void TestApiClient::unknownCodesKeepTheStatusAndTheServersWords_data()
{
    const auto response = [](const QByteArray &statusLine, const QByteArray &body) -> QByteArray {
        return "HTTP/1.1 " + statusLine + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    };
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("shown");
    QTest::newRow("a newer server's code")
        << response("418 I'm a teapot",
                    R"({"statusCode":418,"error":"I'm a teapot","message":"Short and stout",)"
                    R"("code":"TEAPOT"})")
        << 418 << u"Short and stout"_s
        << u"The server answered 418 (I'm a teapot): Short and stout"_s;
    QTest::newRow("no reason phrase: the body's error names it")
        << response("451 ", R"({"error":"Unavailable For Legal Reasons","code":"CENSORED"})") << 451
        << QString() << u"The server answered 451 (Unavailable For Legal Reasons)."_s;
    QTest::newRow("a proxy's page without a code")
        << "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 13\r\n"
           "Connection: close\r\n\r\n<h1>502</h1>\n"_ba
        << 502 << QString() << u"The server answered 502 (Bad Gateway)."_s;
}

void TestApiClient::unknownCodesKeepTheStatusAndTheServersWords()
{
    QFETCH(QByteArray, response);
    QFETCH(int, status);
    QFETCH(QString, message);
    QFETCH(QString, shown);
    CannedServer canned(response);
    m_api->setServerUrl(canned.url());
    Outcome<EventPage> page;
    m_api->fetchEvents(EventQuery(), this, page.callback());
    QVERIFY(page.wait());
    const Error error = page.result->error();
    QCOMPARE(error.code, ErrorCode::UnknownCode);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.message, message);
    QCOMPARE(ErrorText::describe(error), shown);
    // Known codes keep their status too, and are worded by the client alone.
    const Error known = [&] {
        CannedServer sold(CannedServer::errorResponse(409, "SOLD_OUT"));
        m_api->setServerUrl(sold.url());
        Outcome<EventPage> again;
        m_api->fetchEvents(EventQuery(), this, again.callback());
        return again.wait() ? again.result->error() : Error(ErrorCode::Internal);
    }();
    QCOMPARE(known.code, ErrorCode::SoldOut);
    QCOMPARE(known.httpStatus, 409);
    QCOMPARE(ErrorText::describe(known), u"Sold out: there are no tickets left for this event."_s);
}

void TestApiClient::garbageIsAnInvalidResponse()
{
    CannedServer canned(
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"_ba);
    m_api->setServerUrl(canned.url());
    Outcome<EventPage> page;
    m_api->fetchEvents(EventQuery(), this, page.callback());
    QVERIFY(page.wait());
    QCOMPARE(page.code(), ErrorCode::InvalidResponse);
}

void TestApiClient::addressPathIsKept()
{
    // A server behind a proxy at /booking: every call and the live feed stay below it.
    CannedServer canned("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                        "Connection: close\r\n\r\n[]"_ba);
    m_api->setServerUrl(QUrl(canned.url().toString() + u"/booking/"_s));
    Outcome<EventPage> page;
    m_api->fetchEvents(EventQuery(), this, page.callback());
    QVERIFY(page.wait());
    QVERIFY(canned.received("GET /booking/api/events?"));
    QCOMPARE(m_api->liveFeedUrl().path(), u"/booking/api/live"_s);
}

void TestApiClient::expiredTokenIsRefreshedOnce()
{
    signIn(*m_api);
    const QString firstToken = m_api->accessToken();
    QTest::qWait(2100); // the access token lives two seconds here
    Outcome<QList<Booking>> list;
    m_api->fetchBookings(this, list.callback());
    QVERIFY(list.wait());
    QVERIFY(list.result->ok());
    QCOMPARE(m_api->refreshCount(), 1);
    QVERIFY(m_api->accessToken() != firstToken);
}

void TestApiClient::concurrentCallsShareOneRefresh()
{
    signIn(*m_api);
    QTest::qWait(2100);
    std::array<Outcome<QList<Booking>>, 4> lists;
    for (auto &list : lists)
        m_api->fetchBookings(this, list.callback());
    for (auto &list : lists) {
        QVERIFY(list.wait());
        QVERIFY(list.result->ok());
    }
    QCOMPARE(m_api->refreshCount(), 1);
}

void TestApiClient::failedRefreshEndsTheSession()
{
    signIn(*m_api);
    QSignalSpy expired(m_api.get(), &ApiClient::sessionExpired);
    QTest::qWait(2100);
    // The session was ended elsewhere meanwhile: its refresh tokens are revoked.
    fixtures().scalar(u"UPDATE refresh_tokens SET revoked_at = now()"_s);
    Outcome<QList<Booking>> list;
    m_api->fetchBookings(this, list.callback());
    QVERIFY(list.wait());
    QCOMPARE(list.code(), ErrorCode::Unauthorized);
    QCOMPARE(expired.size(), 1);
    QVERIFY(!m_api->isSignedIn());
}

void TestApiClient::signingOutDuringARenewalStaysSignedOut()
{
    signIn(*m_api);
    CannedServer canned(CannedServer::errorResponse(401, "UNAUTHORIZED"));
    const QByteArray renewed = R"({"user":{"id":"u","email":"a@b.c","name":"A"},)"
                               R"("accessToken":"new","refreshToken":"new"})"_ba;
    canned.on("POST /api/auth/refresh"_ba,
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + QByteArray::number(renewed.size()) + "\r\nConnection: close\r\n\r\n" + renewed,
              500ms);
    canned.on("POST /api/auth/logout"_ba,
              "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"_ba);
    m_api->setServerUrl(canned.url());
    QSignalSpy expired(m_api.get(), &ApiClient::sessionExpired);

    Outcome<QList<Booking>> list;
    m_api->fetchBookings(this, list.callback());
    QVERIFY(QTest::qWaitFor([&] { return canned.received("POST /api/auth/refresh"_ba); }));
    Outcome<void> signedOut;
    m_api->signOut(this, signedOut.callback());
    QVERIFY(list.wait());
    // The renewal answered after the sign-out: it must not sign the user back in.
    QCOMPARE(list.code(), ErrorCode::Unauthorized);
    QVERIFY(!m_api->isSignedIn());
    QVERIFY(m_api->accessToken().isEmpty());
    QCOMPARE(expired.size(), 0);
}

void TestApiClient::busyServerDuringARenewalKeepsTheSession()
{
    signIn(*m_api);
    const QString accessToken = m_api->accessToken();
    CannedServer canned(CannedServer::errorResponse(401, "UNAUTHORIZED"));
    canned.on("POST /api/auth/refresh"_ba, CannedServer::errorResponse(503, "SERVICE_UNAVAILABLE"));
    m_api->setServerUrl(canned.url());
    QSignalSpy expired(m_api.get(), &ApiClient::sessionExpired);

    Outcome<QList<Booking>> list;
    m_api->fetchBookings(this, list.callback());
    QVERIFY(list.wait());
    QCOMPARE(list.code(), ErrorCode::ServiceUnavailable);
    // A busy server says nothing about the session: it stays, and a later call renews it.
    QVERIFY(m_api->isSignedIn());
    QCOMPARE(m_api->accessToken(), accessToken);
    QCOMPARE(expired.size(), 0);
}

void TestApiClient::signOutRevokesTheSession()
{
    signIn(*m_api);
    Outcome<void> signedOut;
    m_api->signOut(this, signedOut.callback());
    QVERIFY(signedOut.wait());
    QVERIFY(signedOut.result->ok());
    QVERIFY(!m_api->isSignedIn());
    QCOMPARE(fixtures()
                 .scalar(u"SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL"_s)
                 .toInt(),
             0);
}

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
