#include "requestframer.h"

using namespace Qt::StringLiterals;

namespace {

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

//! A bare LF, or a CR followed by anything but LF, in `text` from `from` on (a CR at the very
//! end may still be followed by its LF).
bool hasBareLineEnd(QByteArrayView text, qsizetype from)
{
    for (qsizetype i = std::max<qsizetype>(from, 0); i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
            return true;
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] != '\n')
            return true;
    }
    return false;
}

} // namespace

QByteArray RequestFramer::origin() const
{
    return m_state == State::Head ? RequestHead::originOf(m_head) : m_origin;
}

RequestFramer::Line RequestFramer::takeLine(QByteArrayView &data, qsizetype maxLength)
{
    // Take no more than one byte past the longest line (and its CRLF) or past the framing
    // budget, and look only at what was taken: whichever limit comes first must be the
    // verdict however the bytes were split (found by fuzz_requestframer).
    const qsizetype before = m_line.size();
    const qsizetype room
        = std::max<qsizetype>(std::min<qint64>(maxLength + 3 - before,
                                               m_limits.maxChunkFramingBytes + 1 - m_framingBytes),
                              1);
    const QByteArrayView window = data.first(std::min(data.size(), room));
    const qsizetype end = window.indexOf('\n');
    const QByteArrayView part = end < 0 ? window : window.first(end + 1);
    m_line.append(part);
    m_framingBytes += part.size();
    data = data.sliced(part.size());
    if (hasBareLineEnd(m_line, before - 1))
        return Line::Malformed;
    if (m_line.size() > maxLength + 2)
        return Line::TooLong;
    if (end < 0)
        return Line::Incomplete;
    m_line.chop(2);
    return Line::Complete;
}

RequestFramer::Progress RequestFramer::feed(QByteArrayView data)
{
    Progress progress;
    const auto malformed = [&progress](const char *reason) {
        progress.verdict = Verdict::Malformed;
        progress.reason = reason;
    };
    while (!data.isEmpty() && progress.verdict == Verdict::Continue) {
        switch (m_state) {
        case State::Upgraded:
            progress.upgraded = true;
            return progress;
        case State::Idle:
            // Empty lines (CRLF) before a request line are ignored (RFC 9112, 2.2). A lone CR
            // waits for its LF in m_line.
            if (data.front() == '\r' || !m_line.isEmpty()) {
                m_line.append(data.front());
                data = data.sliced(1);
                if (m_line.size() == 2) {
                    if (m_line != "\r\n")
                        malformed("lines must end with CRLF");
                    m_line.clear();
                }
                break;
            }
            if (data.front() == '\n') {
                malformed("lines must end with CRLF");
                break;
            }
            m_state = State::Head;
            ++m_headsStarted;
            m_head.clear();
            m_origin.clear();
            break;
        case State::Head:
            readHead(data, progress);
            break;
        case State::Body: {
            const qint64 take = std::min<qint64>(m_remaining, data.size());
            data = data.sliced(take);
            m_remaining -= take;
            if (m_remaining == 0)
                requestComplete(progress);
            break;
        }
        case State::ChunkSize: {
            const Line line = takeLine(data, MaxChunkLineBytes);
            if (line == Line::Malformed)
                malformed("lines must end with CRLF");
            else if (line == Line::TooLong)
                malformed("chunk extensions are too long");
            else if (line == Line::Complete)
                progress.verdict = chunkSizeLine(progress);
            break;
        }
        case State::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, data.size());
            data = data.sliced(take);
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd:
        case State::Trailers: {
            const Line line = takeLine(data, m_limits.maxHeaderBytes);
            if (line == Line::Malformed) {
                malformed("lines must end with CRLF");
                break;
            }
            if (line == Line::TooLong) {
                progress.verdict = Verdict::HeadTooLarge;
                break;
            }
            if (line == Line::Incomplete)
                break;
            const QByteArray text = std::exchange(m_line, {});
            if (m_state == State::ChunkDataEnd) {
                if (!text.isEmpty())
                    malformed("chunk data must end with CRLF");
                m_state = State::ChunkSize;
            } else if (text.isEmpty()) {
                requestComplete(progress);
            } else if (!RequestHead::isFieldLine(text)) {
                malformed("malformed trailer field");
            }
            break;
        }
        }
        if (m_framingBytes > m_limits.maxChunkFramingBytes && progress.verdict == Verdict::Continue)
            malformed("too much chunk framing");
    }
    if (m_state == State::Upgraded)
        progress.upgraded = true;
    return progress;
}

void RequestFramer::readHead(QByteArrayView &data, Progress &progress)
{
    // Copy no more than a head can hold: a burst of pipelined requests must not be copied
    // again for each of them.
    const qsizetype before = m_head.size();
    const qsizetype room = std::max<qsizetype>(m_limits.maxHeaderBytes + 4 - before, 1);
    const QByteArrayView chunk = data.first(std::min(data.size(), room));
    m_head.append(chunk);
    const qsizetype end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(before - 3, 0));
    const qsizetype headLength = end < 0 ? m_head.size() : end + 4;
    // A bare LF could never end the head: say so now rather than at the deadline. Only what
    // fits the limit is looked at, so that the verdict does not depend on how the bytes
    // were split (found by fuzz_requestframer).
    const qsizetype inspected = std::min<qsizetype>(headLength, m_limits.maxHeaderBytes);
    if (before < inspected && hasBareLineEnd(QByteArrayView(m_head).first(inspected), before - 1)) {
        progress.verdict = Verdict::Malformed;
        progress.reason = "lines must end with CRLF";
        return;
    }
    if (headLength > m_limits.maxHeaderBytes) {
        progress.verdict = Verdict::HeadTooLarge;
        return;
    }
    if (end < 0) {
        data = data.sliced(chunk.size());
        return;
    }
    // Give back what belongs to the body or the next request.
    data = data.sliced(headLength - before);
    m_head.truncate(headLength);
    progress.verdict = headComplete(progress);
}

RequestFramer::Verdict RequestFramer::headComplete(Progress &progress)
{
    m_origin = RequestHead::originOf(m_head);
    QByteArray reason;
    std::optional<RequestHead> head = RequestHead::parse(m_head, &reason);
    if (!head) {
        progress.reason = reason;
        return Verdict::Malformed;
    }
    if (head->upgradeRequested) {
        // QHttpServer stops reading HTTP after any switch of protocols: only the one it
        // performs, where it belongs, is let through.
        if (!head->webSocketHandshake || head->path() != m_limits.upgradePath) {
            progress.reason = "protocol upgrades are accepted only for a WebSocket handshake at "
                + m_limits.upgradePath;
            return Verdict::Malformed;
        }
        m_head.clear();
        m_state = State::Upgraded;
        progress.handshake = std::move(head);
        return Verdict::Continue;
    }
    progress.heads.append(*head);
    if (head->contentLength && *head->contentLength > m_limits.maxBodyBytes)
        return Verdict::BodyTooLarge;

    m_head.clear();
    m_closeAfterThis = head->close;
    m_bodyBytes = 0;
    m_framingBytes = 0;
    progress.expectContinue
        = head->expectContinue && (head->chunked || head->contentLength.value_or(0) > 0);
    if (head->chunked) {
        m_state = State::ChunkSize;
    } else if (head->contentLength.value_or(0) > 0) {
        m_remaining = *head->contentLength;
        m_state = State::Body;
    } else {
        requestComplete(progress);
    }
    return Verdict::Continue;
}

RequestFramer::Verdict RequestFramer::chunkSizeLine(Progress &progress)
{
    // chunk-size [ BWS ";" chunk-ext ]: 1 to 15 hex digits, nothing before them.
    const QByteArray line = std::exchange(m_line, {});
    qsizetype digits = 0;
    while (digits < line.size() && isHexDigit(line[digits]))
        ++digits;
    const QByteArrayView rest = QByteArrayView(line).sliced(digits);
    const QByteArrayView afterSpace = rest.trimmed();
    const bool extensionOk = rest.isEmpty()
        || (afterSpace.startsWith(';')
            && RequestHead::isFieldLine(QByteArray("x:"_ba + afterSpace.sliced(1).toByteArray())));
    if (digits == 0 || digits > 15 || !extensionOk) {
        progress.reason = "malformed chunk size";
        return Verdict::Malformed;
    }
    const qint64 size = line.first(digits).toLongLong(nullptr, 16);
    m_bodyBytes += size;
    if (m_bodyBytes > m_limits.maxBodyBytes)
        return Verdict::BodyTooLarge;
    m_remaining = size;
    m_state = size == 0 ? State::Trailers : State::ChunkData;
    return Verdict::Continue;
}

void RequestFramer::requestComplete(Progress &progress)
{
    ++progress.requestsCompleted;
    m_closeAfter.append(m_closeAfterThis);
    m_state = State::Idle;
}

bool RequestFramer::takeCloseAfterResponse()
{
    return m_closeAfter.isEmpty() ? false : m_closeAfter.takeFirst();
}
