#pragma once

#include <QHash>
#include <QString>

//! Open connections, in all and per client address, counted apart for requests and for live
//! (WebSocket) clients: neither kind can use up the room of the other, and one address cannot
//! lock out another. HTTP thread only.
class ConnectionCounts
{
public:
    enum class Kind { Request, Live };

    struct Caps
    {
        int total = 0;
        int perAddress = 0;
    };

    ConnectionCounts(Caps requests, Caps live);

    //! Counts a connection of `kind` from `address` (an empty key counts in the total only: a
    //! trusted proxy speaks for many clients). False, counting nothing, when a cap is reached.
    bool tryAdd(Kind kind, const QString &address);
    void remove(Kind kind, const QString &address);

    int total(Kind kind) const { return side(kind).total; }
    int from(Kind kind, const QString &address) const
    {
        return side(kind).perAddress.value(address);
    }

private:
    struct Side
    {
        Caps caps;
        int total = 0;
        QHash<QString, int> perAddress;
    };

    Side &side(Kind kind) { return kind == Kind::Request ? m_requests : m_live; }
    const Side &side(Kind kind) const { return kind == Kind::Request ? m_requests : m_live; }

    Side m_requests;
    Side m_live;
};
