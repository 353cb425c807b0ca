// Fuzzes RequestFramer, the strict reader of request boundaries in front of QHttpServer,
// through its public API only. The same bytes are fed at once, one byte at a time and in
// pseudo-random slices: a framer that reads the boundaries from the bytes alone must come to
// the same verdict, the same requests and the same close decisions however the bytes arrive
// (two readings of one stream are what request smuggling is made of).

#include "fuzzcheck.h"
#include "http/requestframer.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace {

using Verdict = RequestFramer::Verdict;

// Small limits, so that short inputs reach them (scripts/fuzz runs with -max_len=8192).
const RequestFramer::Limits limits{1024, 4096, "/api/live", 2048};

//! What a connection guard learns from feeding one stream, stopping where a guard stops.
struct Outcome
{
    Verdict verdict = Verdict::Continue;
    int requestsCompleted = 0;
    bool upgraded = false;
    QByteArray upgradeTarget;
    QList<bool> closeAfter;
    bool inRequest = false;

    friend bool operator==(const Outcome &, const Outcome &) = default;
};

//! Feeds `input` in slices of the sizes `nextSize` picks; stops, as the guard does, at the
//! first verdict other than Continue and when the connection leaves HTTP.
Outcome feed(QByteArrayView input, const std::function<qsizetype(qsizetype)> &nextSize)
{
    RequestFramer framer(limits);
    Outcome outcome;
    while (!input.isEmpty()) {
        const qsizetype size = std::min(nextSize(input.size()), input.size());
        const RequestFramer::Progress progress = framer.feed(input.first(size));
        input = input.sliced(size);
        FUZZ_CHECK(progress.requestsCompleted >= 0);
        outcome.requestsCompleted += progress.requestsCompleted;
        if (progress.upgraded) {
            FUZZ_CHECK(framer.upgraded());
            outcome.upgraded = true;
            if (progress.handshake) {
                // Only a complete WebSocket handshake at the live feed's path switches.
                FUZZ_CHECK(progress.handshake->webSocketHandshake);
                FUZZ_CHECK(progress.handshake->path() == limits.upgradePath);
                outcome.upgradeTarget = progress.handshake->target;
            }
        }
        if (progress.verdict != Verdict::Continue) {
            FUZZ_CHECK(!progress.upgraded);
            outcome.verdict = progress.verdict;
            break;
        }
        if (outcome.upgraded) {
            // Whatever follows an upgrade is not HTTP: the framer must not read it as such.
            const RequestFramer::Progress after = framer.feed(input);
            FUZZ_CHECK(after.upgraded && after.requestsCompleted == 0);
            FUZZ_CHECK(after.verdict == Verdict::Continue);
            FUZZ_CHECK(!after.handshake);
            break;
        }
    }
    outcome.inRequest = framer.inRequest();
    // One close decision per completed request, in order; none beyond them.
    for (int i = 0; i < outcome.requestsCompleted; ++i)
        outcome.closeAfter.append(framer.takeCloseAfterResponse());
    FUZZ_CHECK(!framer.takeCloseAfterResponse());
    return outcome;
}

//! FNV-1a: the slicing depends on the input, so the fuzzer's mutations vary it too.
quint64 hash(QByteArrayView input)
{
    quint64 value = 14695981039346656037ull;
    for (char c : input)
        value = (value ^ quint8(c)) * 1099511628211ull;
    return value;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));

    const Outcome whole = feed(input, [](qsizetype rest) { return rest; });
    const Outcome bytes = feed(input, [](qsizetype) { return qsizetype(1); });
    quint64 state = hash(input) | 1;
    const Outcome slices = feed(input, [&state](qsizetype) {
        // xorshift64: slices of 1 to 256 bytes, mostly short.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return qsizetype(1 + (state % 256 >> (state >> 60) % 8));
    });

    FUZZ_CHECK(whole == bytes);
    FUZZ_CHECK(whole == slices);
    if (whole.verdict == Verdict::Continue && !whole.upgraded)
        FUZZ_CHECK(whole.requestsCompleted > 0 || whole.inRequest || input.trimmed().isEmpty());
    return 0;
}
