#include "apiclient.h"

#include "common/apipaths.h"
#include "common/jsonkeys.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApi, "booking.client.api", QtWarningMsg)

namespace {

//! Parses a JSON object answer with `fromJson`.
template<typename T>
Result<T> fromObject(const QJsonDocument &json)
{
    if (!json.isObject())
        return Error(ErrorCode::InvalidResponse);
    return T::fromJson(json.object());
}

//! `pathAndQuery` ("/api/events?page=2") below the server address, keeping the address's own
//! path if it has one (a server behind a proxy at /booking).
QUrl below(const QUrl &server, const QString &pathAndQuery)
{
    QUrl url = server;
    const QUrl relative(pathAndQuery);
    QString base = server.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + relative.path());
    url.setQuery(relative.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return url;
}

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
{
    m_network.setAutoDeleteReplies(true);
    m_network.setTransferTimeout(15000);
}

void ApiClient::setServerUrl(const QUrl &url)
{
    QUrl base = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    if (base.path() == ApiPaths::Api)
        base.setPath(QString());
    m_serverUrl = base;
}

QUrl ApiClient::liveFeedUrl() const
{
    QUrl url = below(m_serverUrl, ApiPaths::Live);
    url.setScheme(m_serverUrl.scheme() == u"https" ? u"wss"_s : u"ws"_s);
    return url;
}

void ApiClient::setSession(const AuthResult &session)
{
    ++m_sessionGeneration;
    m_user = session.user;
    m_accessToken = session.accessToken;
    m_refreshToken = session.refreshToken;
    Q_EMIT sessionChanged();
}

void ApiClient::clearSession()
{
    const bool wasSignedIn = isSignedIn();
    ++m_sessionGeneration;
    m_user = {};
    m_accessToken.clear();
    m_refreshToken.clear();
    if (wasSignedIn)
        Q_EMIT sessionChanged();
}

template<typename T, typename Parse>
ApiClient::RawHandler ApiClient::typed(Callback<T> done, Parse parse)
{
    return [done = std::move(done), parse](Result<QJsonDocument> raw) {
        if (!raw)
            done(raw.error());
        else
            done(parse(*raw));
    };
}

void ApiClient::signIn(const QString &email, const QString &password, QObject *context,
                       Callback<AuthResult> done)
{
    Call call{"POST"_ba, ApiPaths::Login,
              QJsonDocument(QJsonObject{{JsonKeys::Email, email}, {JsonKeys::Password, password}})};
    call.context = context;
    call.handler = typed<AuthResult>(
        [this, done = std::move(done)](Result<AuthResult> result) {
            if (result)
                setSession(*result);
            done(std::move(result));
        },
        fromObject<AuthResult>);
    send(std::move(call));
}

void ApiClient::registerAccount(const QString &email, const QString &password, const QString &name,
                                QObject *context, Callback<AuthResult> done)
{
    Call call{"POST"_ba, ApiPaths::Register,
              QJsonDocument(QJsonObject{{JsonKeys::Email, email},
                                        {JsonKeys::Password, password},
                                        {JsonKeys::Name, name}})};
    call.context = context;
    call.handler = typed<AuthResult>(
        [this, done = std::move(done)](Result<AuthResult> result) {
            if (result)
                setSession(*result);
            done(std::move(result));
        },
        fromObject<AuthResult>);
    send(std::move(call));
}

void ApiClient::signOut(QObject *context, Callback<void> done)
{
    const QString refreshToken = m_refreshToken;
    clearSession();
    if (refreshToken.isEmpty()) {
        done({});
        return;
    }
    Call call{"POST"_ba, ApiPaths::Logout,
              QJsonDocument(QJsonObject{{JsonKeys::RefreshToken, refreshToken}})};
    call.context = context;
    call.handler = [done = std::move(done)](Result<QJsonDocument> result) {
        done(result ? Result<void>() : Result<void>(result.error()));
    };
    send(std::move(call));
}

void ApiClient::fetchEvents(const EventQuery &query, QObject *context, Callback<EventPage> done)
{
    revalidateEvents(query, {}, context, [done = std::move(done)](Result<Revalidated> answer) {
        if (!answer)
            done(answer.error());
        else if (!answer->page) // a 304 nobody asked for
            done(Error(ErrorCode::InvalidResponse));
        else
            done(std::move(*answer->page));
    });
}

void ApiClient::revalidateEvents(const EventQuery &query, const QByteArray &knownEtag,
                                 QObject *context, Callback<Revalidated> done)
{
    Call call{"GET"_ba, ApiPaths::Events + u'?' + query.toUrlQuery().toString(QUrl::FullyEncoded)};
    call.context = context;
    if (!knownEtag.isEmpty())
        call.headers.append({"If-None-Match"_ba, knownEtag});
    call.head = std::make_shared<AnswerHead>();
    call.handler = [done = std::move(done), head = call.head](Result<QJsonDocument> result) {
        if (!result) {
            done(result.error());
            return;
        }
        if (head->status == 304) {
            done(Revalidated{std::nullopt, head->etag});
            return;
        }
        auto page = fromObject<EventPage>(*result);
        if (!page) {
            done(page.error());
            return;
        }
        done(Revalidated{std::move(page).value(), head->etag});
    };
    send(std::move(call));
}

void ApiClient::fetchEvent(const QString &eventId, QObject *context, Callback<Event> done)
{
    Call call{"GET"_ba, ApiPaths::Events + u'/' + eventId};
    call.context = context;
    call.handler = typed<Event>(std::move(done), fromObject<Event>);
    send(std::move(call));
}

void ApiClient::book(const QString &eventId, QObject *context, Callback<BookingConfirmation> done,
                     const BookingOptions &options)
{
    Call call{"POST"_ba, ApiPaths::Bookings,
              QJsonDocument(QJsonObject{{JsonKeys::EventId, eventId}}), true};
    call.context = context;
    if (!options.idempotencyKey.isEmpty())
        call.headers.append({"Idempotency-Key"_ba, options.idempotencyKey.toLatin1()});
    if (options.respondAsync)
        call.headers.append({"Prefer"_ba, "respond-async"_ba});
    // A booking may wait for its turn and a payment: give it longer than a read.
    call.timeoutMs = 60000;
    call.handler = typed<BookingConfirmation>(std::move(done), fromObject<BookingConfirmation>);
    send(std::move(call));
}

void ApiClient::fetchBooking(const QString &bookingId, QObject *context, Callback<Booking> done)
{
    Call call{"GET"_ba, ApiPaths::Bookings + u'/' + bookingId, {}, true};
    call.context = context;
    call.handler = typed<Booking>(std::move(done), fromObject<Booking>);
    send(std::move(call));
}

void ApiClient::fetchBookings(QObject *context, Callback<QList<Booking>> done)
{
    Call call{"GET"_ba, ApiPaths::Bookings, {}, true};
    call.context = context;
    call.handler = typed<QList<Booking>>(std::move(done),
                                         [](const QJsonDocument &json) -> Result<QList<Booking>> {
                                             if (!json.isArray())
                                                 return Error(ErrorCode::InvalidResponse);
                                             QList<Booking> bookings;
                                             for (const QJsonValue &item : json.array()) {
                                                 auto booking = Booking::fromJson(item.toObject());
                                                 if (!booking)
                                                     return booking.error();
                                                 bookings.append(*booking);
                                             }
                                             return bookings;
                                         });
    send(std::move(call));
}

void ApiClient::cancelBooking(const QString &bookingId, QObject *context, Callback<Booking> done)
{
    Call call{"DELETE"_ba, ApiPaths::Bookings + u'/' + bookingId, {}, true};
    call.context = context;
    call.handler = typed<Booking>(std::move(done), fromObject<Booking>);
    send(std::move(call));
}

void ApiClient::send(Call call)
{
    ++m_requestCount;
    QNetworkRequest request(below(m_serverUrl, call.path));
    request.setTransferTimeout(call.timeoutMs);
    request.setRawHeader("Accept"_ba, "application/json"_ba);
    if (!call.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    for (const auto &[name, value] : call.headers)
        request.setRawHeader(name, value);
    if (call.authenticated) {
        call.tokenUsed = m_accessToken;
        request.setRawHeader("Authorization"_ba, "Bearer "_ba + m_accessToken.toLatin1());
    }
    const QByteArray body
        = call.body.isEmpty() ? QByteArray() : call.body.toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network.sendCustomRequest(request, call.method, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, call = std::move(call)]() mutable {
        onFinished(reply, std::move(call));
    });
}

void ApiClient::onFinished(QNetworkReply *reply, Call call)
{
    Result<QJsonDocument> result = toResult(reply);
    const bool refused = !result && result.error().code == ErrorCode::Unauthorized;
    if (refused && call.authenticated && !m_refreshToken.isEmpty()) {
        if (!call.retried && call.tokenUsed != m_accessToken) {
            // The token was renewed while this call was under way: just send it again.
            call.retried = true;
            send(std::move(call));
            return;
        }
        if (!call.retried) {
            // Wait for one shared renewal, then send again with the new token.
            call.retried = true;
            m_waitingForRefresh.append(std::move(call));
            if (!m_refreshing)
                refreshSession();
            return;
        }
        // Refused even with a fresh token: this session is over.
        endSession();
    }
    if (call.head) {
        call.head->status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        call.head->etag = reply->rawHeader("ETag"_ba);
    }
    if (call.context && call.handler)
        call.handler(std::move(result));
}

void ApiClient::refreshSession()
{
    m_refreshing = true;
    ++m_refreshCount;
    const quint64 generation = m_sessionGeneration;
    Call call{"POST"_ba, ApiPaths::Refresh,
              QJsonDocument(QJsonObject{{JsonKeys::RefreshToken, m_refreshToken}})};
    call.context = this;
    call.handler = [this, generation](Result<QJsonDocument> result) {
        finishRefresh(result, generation);
    };
    send(std::move(call));
}

void ApiClient::finishRefresh(const Result<QJsonDocument> &result, quint64 generation)
{
    m_refreshing = false;
    const QList<Call> waiting = std::exchange(m_waitingForRefresh, {});
    const auto failAll = [&waiting](const Error &error) {
        for (const Call &call : waiting) {
            if (call.context && call.handler)
                call.handler(error);
        }
    };
    if (generation != m_sessionGeneration) {
        // Signed out (or in again) meanwhile: this renewal belongs to no session any more.
        failAll(Error(ErrorCode::Unauthorized));
        return;
    }
    const auto session
        = result ? fromObject<AuthResult>(*result) : Result<AuthResult>(result.error());
    if (!session) {
        if (session.error().code == ErrorCode::Unauthorized) {
            qCInfo(lcApi) << "the session could not be renewed";
            endSession();
        }
        // Otherwise (server unreachable or busy) the session may still be good: keep it, so
        // that a later call renews it.
        failAll(session.error());
        return;
    }
    m_user = session->user;
    m_accessToken = session->accessToken;
    m_refreshToken = session->refreshToken;
    for (const Call &call : waiting)
        send(call);
}

void ApiClient::endSession()
{
    if (!isSignedIn())
        return;
    clearSession();
    Q_EMIT sessionExpired();
}

Result<QJsonDocument> ApiClient::toResult(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        qCDebug(lcApi) << "no answer:" << reply->errorString();
        return Error(ErrorCode::NetworkError, reply->errorString());
    }
    const QByteArray body = reply->readAll();
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(body, &parseError);
    if (status >= 400) {
        const QJsonObject answer = json.object();
        const ErrorCode code = ErrorCodes::fromName(answer.value(JsonKeys::Code).toString());
        QStringList details;
        for (const QJsonValue &detail : answer.value(JsonKeys::Details).toArray())
            details.append(detail.toString());
        const QString message = answer.value(JsonKeys::Message).toString();
        Error error(code, message, details);
        error.httpStatus = status;
        error.httpReason
            = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().trimmed();
        if (error.httpReason.isEmpty())
            error.httpReason = answer.value(JsonKeys::Error).toString();
        // For a code it does not know, the client can only pass on what the server said: no
        // stand-in text of its own.
        if (code == ErrorCode::UnknownCode)
            error.message = message;
        return error;
    }
    if (status == 204 || body.isEmpty())
        return QJsonDocument();
    if (parseError.error != QJsonParseError::NoError)
        return Error(ErrorCode::InvalidResponse);
    return json;
}
