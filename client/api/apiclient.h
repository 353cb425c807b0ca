#pragma once

#include "common/booking.h"
#include "common/event.h"
#include "common/eventquery.h"
#include "common/result.h"
#include "common/user.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkReply;

//! How a booking is asked for (beyond the seed).
struct BookingOptions
{
    //! Sent as Idempotency-Key: a repeat with the same key books at most once.
    QString idempotencyKey;
    //! Prefer: respond-async: the answer comes once the ticket is held (PENDING), before the
    //! payment; ApiClient::fetchBooking() follows it.
    bool respondAsync = false;
};

//! The desktop client's one connection to the API: it owns the QNetworkAccessManager, the
//! server address and the session's tokens, and offers typed asynchronous calls. Widgets never
//! see a QNetworkReply: every answer is a Result with a typed ErrorCode.
//!
//! An access token that has expired is refreshed once, transparently: calls that meet a 401
//! while a refresh runs wait for it and are sent again; if the refresh fails, the session ends
//! and sessionExpired() is emitted.
class ApiClient final : public QObject
{
    Q_OBJECT

public:
    template<typename T>
    using Callback = std::function<void(Result<T>)>;

    explicit ApiClient(QObject *parent = nullptr);

    //! The server's base address, e.g. http://localhost:3001.
    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const { return m_serverUrl; }
    //! ws://host:port/api/live
    QUrl liveFeedUrl() const;

    bool isSignedIn() const { return !m_refreshToken.isEmpty(); }
    User currentUser() const { return m_user; }
    QString accessToken() const { return m_accessToken; }
    //! Adopts a session (from sign-in, or a test).
    void setSession(const AuthResult &session);
    //! Forgets the session locally (signOut() also revokes it on the server).
    void clearSession();

    // Every callback runs on the GUI thread, and only while `context` lives.
    void signIn(const QString &email, const QString &password, QObject *context,
                Callback<AuthResult> done);
    void registerAccount(const QString &email, const QString &password, const QString &name,
                         QObject *context, Callback<AuthResult> done);
    //! Revokes the refresh token on the server, then forgets the session either way.
    void signOut(QObject *context, Callback<void> done);
    void fetchEvents(const EventQuery &query, QObject *context, Callback<EventPage> done);
    //! A page the caller may have already: `page` is empty when the server says the one
    //! tagged `etag` is still current (304 Not Modified).
    struct Revalidated
    {
        std::optional<EventPage> page;
        //! The ETag of the page, to send next time.
        QByteArray etag;
    };
    //! Asks for the page with If-None-Match: `knownEtag` (none when empty).
    void revalidateEvents(const EventQuery &query, const QByteArray &knownEtag, QObject *context,
                          Callback<Revalidated> done);
    void fetchEvent(const QString &eventId, QObject *context, Callback<Event> done);
    void book(const QString &eventId, QObject *context, Callback<BookingConfirmation> done,
              const BookingOptions &options = {});
    void fetchBooking(const QString &bookingId, QObject *context, Callback<Booking> done);
    void fetchBookings(QObject *context, Callback<QList<Booking>> done);
    void cancelBooking(const QString &bookingId, QObject *context, Callback<Booking> done);

    //! How many token refreshes were sent (for tests and diagnostics).
    int refreshCount() const { return m_refreshCount; }
    //! How many requests were sent, refreshes and repeats included (for tests and diagnostics).
    int requestCount() const { return m_requestCount; }

Q_SIGNALS:
    //! Signed in, signed out or session ended.
    void sessionChanged();
    //! The session could not be renewed: the user must sign in again.
    void sessionExpired();

private:
    using RawHandler = std::function<void(Result<QJsonDocument>)>;
    struct AnswerHead
    {
        int status = 0;
        QByteArray etag;
    };

    struct Call
    {
        Call() = default;
        Call(QByteArray verb, QString target, QJsonDocument json = {}, bool withToken = false)
            : method(std::move(verb))
            , path(std::move(target))
            , body(std::move(json))
            , authenticated(withToken)
        { }

        QByteArray method;
        QString path;
        QJsonDocument body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool authenticated = false;
        bool retried = false;
        QString tokenUsed; //!< the access token it was sent with
        int timeoutMs = 15000;
        QPointer<QObject> context;
        RawHandler handler;
        //! When set, filled in before the handler runs: what it needs beyond the body.
        std::shared_ptr<AnswerHead> head;
    };

    void send(Call call);
    void onFinished(QNetworkReply *reply, Call call);
    void refreshSession();
    void finishRefresh(const Result<QJsonDocument> &result, quint64 generation);
    void endSession();
    static Result<QJsonDocument> toResult(QNetworkReply *reply);

    template<typename T, typename Parse>
    RawHandler typed(Callback<T> done, Parse parse);

    QNetworkAccessManager m_network;
    QUrl m_serverUrl;
    User m_user;
    QString m_accessToken;
    QString m_refreshToken;
    bool m_refreshing = false;
    //! Changes with every sign-in and sign-out: a refresh answer for an older session is void.
    quint64 m_sessionGeneration = 0;
    QList<Call> m_waitingForRefresh;
    int m_refreshCount = 0;
    int m_requestCount = 0;
};
