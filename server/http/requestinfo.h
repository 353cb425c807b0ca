#pragma once

#include <QByteArray>

class QHttpServerRequest;

//! What writing the response needs to know about its request. QHttpServerRequest is only
//! valid while the route handler runs; this is copied out for replies sent later.
struct RequestInfo
{
    QByteArray origin;
    //! The request's id, for the log lines of work done for it on other threads.
    QByteArray requestId;

    static RequestInfo from(const QHttpServerRequest &request);
};
