#include "requestframer.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace {

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool containsToken(QByteArrayView list, QByteArrayView token)
{
    for (QByteArrayView item : QByteArray(list.toByteArray()).split(',')) {
        if (equalsIgnoringCase(item.trimmed(), token))
            return true;
    }
    return false;
}

} // namespace

bool RequestFramer::takeLine(QByteArrayView &data, qsizetype maxLength, bool *tooLong)
{
    const qsizetype end = data.indexOf('\n');
    const QByteArrayView part = end < 0 ? data : data.first(end + 1);
    m_line.append(part);
    data = data.sliced(part.size());
    *tooLong = m_line.size() > maxLength;
    if (end < 0 || *tooLong)
        return false;
    m_line.chop(m_line.endsWith("\r\n") ? 2 : 1);
    return true;
}

bool RequestFramer::isWebSocketHandshake(QByteArrayView upgrade, QByteArrayView connection)
{
    return equalsIgnoringCase(upgrade.trimmed(), "websocket")
        && containsToken(connection, "upgrade");
}

RequestFramer::Progress RequestFramer::feed(QByteArrayView data)
{
    Progress progress;
    while (!data.isEmpty() && progress.verdict == Verdict::Continue) {
        switch (m_state) {
        case State::Upgraded:
            progress.upgraded = true;
            return progress;
        case State::Idle:
            // Empty lines before a request line are allowed (RFC 9112, 2.2).
            if (data.front() == '\r' || data.front() == '\n') {
                data = data.sliced(1);
                break;
            }
            m_state = State::Head;
            m_head.clear();
            break;
        case State::Head: {
            // Copy no more than a head can hold: a burst of pipelined requests must not be
            // copied again for each of them.
            const qsizetype before = m_head.size();
            const qsizetype room = std::max<qsizetype>(m_limits.maxHeaderBytes + 4 - before, 1);
            const QByteArrayView chunk = data.first(std::min(data.size(), room));
            m_head.append(chunk);
            const qsizetype end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(before - 3, 0));
            if (end < 0) {
                data = data.sliced(chunk.size());
                if (m_head.size() > m_limits.maxHeaderBytes)
                    progress.verdict = Verdict::HeadTooLarge;
                break;
            }
            // Give back what belongs to the body or the next request.
            const qsizetype headLength = end + 4;
            data = data.sliced(headLength - before);
            m_head.truncate(headLength);
            if (headLength > m_limits.maxHeaderBytes) {
                progress.verdict = Verdict::HeadTooLarge;
                break;
            }
            progress.verdict = headComplete(progress);
            break;
        }
        case State::Body: {
            const qint64 take = std::min<qint64>(m_remaining, data.size());
            data = data.sliced(take);
            m_remaining -= take;
            if (m_remaining == 0)
                requestComplete(progress);
            break;
        }
        case State::ChunkSize: {
            bool tooLong = false;
            if (!takeLine(data, 1024, &tooLong)) {
                if (tooLong)
                    progress.verdict = Verdict::Malformed;
                break;
            }
            const qsizetype extension = m_line.indexOf(';');
            const QByteArray sizeText
                = (extension < 0 ? m_line : m_line.first(extension)).trimmed();
            m_line.clear();
            bool ok = false;
            const qint64 size = sizeText.size() <= 15 ? sizeText.toLongLong(&ok, 16) : -1;
            if (!ok || size < 0) {
                progress.verdict = Verdict::Malformed;
                break;
            }
            m_bodyBytes += size;
            if (m_bodyBytes > m_limits.maxBodyBytes) {
                progress.verdict = Verdict::BodyTooLarge;
                break;
            }
            m_remaining = size;
            m_state = size == 0 ? State::Trailers : State::ChunkData;
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
            bool tooLong = false;
            if (!takeLine(data, m_limits.maxHeaderBytes, &tooLong)) {
                if (tooLong)
                    progress.verdict = Verdict::HeadTooLarge;
                break;
            }
            const bool empty = m_line.isEmpty();
            m_line.clear();
            if (m_state == State::ChunkDataEnd) {
                if (!empty)
                    progress.verdict = Verdict::Malformed;
                m_state = State::ChunkSize;
            } else if (empty) {
                requestComplete(progress);
            }
            break;
        }
        }
    }
    if (m_state == State::Upgraded)
        progress.upgraded = true;
    return progress;
}

RequestFramer::Verdict RequestFramer::headComplete(Progress &progress)
{
    const QList<QByteArray> lines = m_head.split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return Verdict::Malformed;
    const bool http10 = requestLine[2] == "HTTP/1.0";

    std::optional<qint64> contentLength;
    bool chunked = false;
    bool close = http10;
    bool expectContinue = false;
    std::optional<QByteArray> upgradeValue;
    std::optional<QByteArray> connectionValue;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArrayView name = QByteArrayView(line).first(colon).trimmed();
        const QByteArrayView value = QByteArrayView(line).sliced(colon + 1).trimmed();
        if (equalsIgnoringCase(name, "content-length")) {
            bool ok = false;
            const qint64 length = value.size() <= 18 ? value.toLongLong(&ok) : -1;
            // Two different lengths are a request-smuggling attempt.
            if (!ok || length < 0 || (contentLength && *contentLength != length))
                return Verdict::Malformed;
            contentLength = length;
        } else if (equalsIgnoringCase(name, "transfer-encoding")) {
            if (!equalsIgnoringCase(value, "chunked"))
                return Verdict::Malformed;
            chunked = true;
        } else if (equalsIgnoringCase(name, "connection")) {
            if (containsToken(value, "close"))
                close = true;
            else if (containsToken(value, "keep-alive"))
                close = false;
            connectionValue = value.toByteArray();
        } else if (equalsIgnoringCase(name, "expect")) {
            expectContinue = equalsIgnoringCase(value, "100-continue");
        } else if (equalsIgnoringCase(name, "upgrade")) {
            upgradeValue = value.toByteArray();
        }
    }
    if (chunked && contentLength)
        return Verdict::Malformed;
    // Only a WebSocket handshake leaves HTTP; any other Upgrade header is just a header.
    const bool upgrade = requestLine[0] == "GET" && upgradeValue && connectionValue
        && isWebSocketHandshake(*upgradeValue, *connectionValue);
    if (contentLength && *contentLength > m_limits.maxBodyBytes)
        return Verdict::BodyTooLarge;

    m_head.clear();
    m_closeAfterThis = close;
    m_bodyBytes = 0;
    if (upgrade && !chunked && contentLength.value_or(0) == 0) {
        m_state = State::Upgraded;
        progress.upgradeTarget = requestLine[1];
        return Verdict::Continue;
    }
    progress.expectContinue = expectContinue && (chunked || contentLength.value_or(0) > 0);
    if (chunked) {
        m_state = State::ChunkSize;
    } else if (contentLength.value_or(0) > 0) {
        m_remaining = *contentLength;
        m_state = State::Body;
    } else {
        requestComplete(progress);
    }
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
