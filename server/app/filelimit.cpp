#include "filelimit.h"

#include <algorithm>
#include <sys/resource.h>

namespace FileLimit {

qint64 raiseTo(qint64 needed)
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur != RLIM_INFINITY && qint64(limit.rlim_cur) < needed) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max == RLIM_INFINITY
            ? rlim_t(needed)
            : std::min<rlim_t>(rlim_t(needed), limit.rlim_max);
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? needed : qint64(limit.rlim_cur);
}

ConnectionCaps capsWithin(qint64 files, qint64 reserved, ConnectionCaps wanted)
{
    const qint64 room = std::max<qint64>(files - reserved, 0);
    const qint64 total = wanted.requests + wanted.live;
    if (total <= room)
        return wanted;
    const double share = double(room) / double(total);
    return {std::max<qint64>(1, qint64(double(wanted.requests) * share)),
            qint64(double(wanted.live) * share)};
}

} // namespace FileLimit
