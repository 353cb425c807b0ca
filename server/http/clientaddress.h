#pragma once

#include <QHostAddress>
#include <QList>

class QHttpServerRequest;

//! Who a request comes from. Behind a reverse proxy every connection comes from the proxy:
//! when the peer is one of the trusted proxies (TRUSTED_PROXIES), the client is the last
//! address in X-Forwarded-For that is not a trusted proxy itself; entries to its left were
//! written by the client and are not believed. Anyone else's X-Forwarded-For is ignored.
class ClientAddress
{
public:
    using Subnet = QPair<QHostAddress, int>;

    explicit ClientAddress(QList<Subnet> trustedProxies = {});

    QHostAddress of(const QHttpServerRequest &request) const;
    //! The same from the parts (for tests): the connection's peer and the header's value.
    QHostAddress resolve(const QHostAddress &peer, const QByteArray &forwardedFor) const;

    //! Whether `peer` is one of the trusted proxies (it speaks for many clients).
    bool isTrustedProxy(const QHostAddress &peer) const;

    //! The key that limits and caps count `address` under: the address itself for IPv4, its
    //! /64 network for IPv6 (one subscriber usually holds a whole /64).
    static QString limitKey(const QHostAddress &address);

    //! Whether `address` (an IPv4 one also in its ::ffff: form) is in one of `subnets`.
    static bool isInAny(const QHostAddress &address, const QList<Subnet> &subnets);

    //! "10.0.0.0/8, 192.168.1.7, fd00::/8": nullopt when an entry is not an address or range.
    static std::optional<QList<Subnet>> parseList(const QString &text);

private:
    bool isTrusted(const QHostAddress &address) const;

    QList<Subnet> m_trusted;
};
