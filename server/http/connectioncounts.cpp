#include "connectioncounts.h"

ConnectionCounts::ConnectionCounts(Caps requests, Caps live)
{
    m_requests.caps = requests;
    m_live.caps = live;
}

bool ConnectionCounts::tryAdd(Kind kind, const QString &address)
{
    Side &counts = side(kind);
    if (counts.total >= counts.caps.total)
        return false;
    if (!address.isEmpty()) {
        int &fromAddress = counts.perAddress[address];
        if (fromAddress >= counts.caps.perAddress) {
            if (fromAddress == 0)
                counts.perAddress.remove(address);
            return false;
        }
        ++fromAddress;
    }
    ++counts.total;
    return true;
}

void ConnectionCounts::remove(Kind kind, const QString &address)
{
    Side &counts = side(kind);
    --counts.total;
    if (address.isEmpty())
        return;
    auto it = counts.perAddress.find(address);
    if (it != counts.perAddress.end() && --*it <= 0)
        counts.perAddress.erase(it);
}
