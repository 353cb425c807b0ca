#pragma once

#include <QtGlobal>

//! The process's open-file limit (RLIMIT_NOFILE).
namespace FileLimit {

//! Raises the soft limit to `needed` descriptors, or as far as the hard limit allows; returns
//! the soft limit in effect afterwards.
qint64 raiseTo(qint64 needed);

//! Caps on open connections, in all: request connections and live (WebSocket) clients.
struct ConnectionCaps
{
    qint64 requests = 0;
    qint64 live = 0;

    friend bool operator==(const ConnectionCaps &, const ConnectionCaps &) = default;
};

//! The caps that fit in `files` descriptors when `reserved` of them are kept for the rest of
//! the process (database connections, the listening socket, files): `wanted` when it fits,
//! otherwise both lowered in the same proportion, so that no kind of connection can take the
//! descriptors the other needs (a process out of descriptors accepts nobody, buyers included).
//! At least one request connection.
ConnectionCaps capsWithin(qint64 files, qint64 reserved, ConnectionCaps wanted);

} // namespace FileLimit
