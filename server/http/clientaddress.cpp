#include "clientaddress.h"

#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

namespace {

//! An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d: compare it as IPv4.
QHostAddress plain(const QHostAddress &address)
{
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    return isIpv4 ? QHostAddress(ipv4) : address;
}

} // namespace

ClientAddress::ClientAddress(QList<Subnet> trustedProxies)
    : m_trusted(std::move(trustedProxies))
{ }

QHostAddress ClientAddress::of(const QHttpServerRequest &request) const
{
    QByteArray forwardedFor;
    if (!m_trusted.isEmpty()) {
        // Several X-Forwarded-For headers are one list, in order.
        for (const auto &[name, value] : request.headers()) {
            if (name.compare("X-Forwarded-For", Qt::CaseInsensitive) == 0)
                forwardedFor += (forwardedFor.isEmpty() ? QByteArray() : ","_ba) + value;
        }
    }
    return resolve(request.remoteAddress(), forwardedFor);
}

QHostAddress ClientAddress::resolve(const QHostAddress &peer, const QByteArray &forwardedFor) const
{
    QHostAddress client = plain(peer);
    if (!isTrusted(client))
        return client;
    const QList<QByteArray> hops = forwardedFor.split(',');
    for (auto hop = hops.crbegin(); hop != hops.crend(); ++hop) {
        const QHostAddress address(QString::fromLatin1(hop->trimmed()));
        // A malformed entry ends what can be believed: the hop before it is the client.
        if (address.isNull())
            break;
        client = plain(address);
        if (!isTrusted(client))
            break;
    }
    return client;
}

bool ClientAddress::isTrustedProxy(const QHostAddress &peer) const
{
    return !m_trusted.isEmpty() && isTrusted(plain(peer));
}

QString ClientAddress::limitKey(const QHostAddress &address)
{
    const QHostAddress client = plain(address);
    if (client.protocol() != QAbstractSocket::IPv6Protocol)
        return client.toString();
    Q_IPV6ADDR bytes = client.toIPv6Address();
    std::fill(std::begin(bytes.c) + 8, std::end(bytes.c), quint8(0));
    return QHostAddress(bytes).toString() + u"/64"_s;
}

bool ClientAddress::isTrusted(const QHostAddress &address) const
{
    return isInAny(address, m_trusted);
}

bool ClientAddress::isInAny(const QHostAddress &address, const QList<Subnet> &subnets)
{
    const QHostAddress client = plain(address);
    return std::any_of(subnets.cbegin(), subnets.cend(),
                       [&](const Subnet &subnet) { return client.isInSubnet(subnet); });
}

std::optional<QList<ClientAddress::Subnet>> ClientAddress::parseList(const QString &text)
{
    QList<Subnet> subnets;
    for (const QString &entry : text.split(u',', Qt::SkipEmptyParts)) {
        const QString trimmed = entry.trimmed();
        if (trimmed.isEmpty())
            continue;
        Subnet subnet = QHostAddress::parseSubnet(trimmed);
        if (subnet.first.isNull()) {
            const QHostAddress single(trimmed);
            if (single.isNull())
                return std::nullopt;
            subnet = {single, single.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        subnets.append(subnet);
    }
    return subnets;
}
