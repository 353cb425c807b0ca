#include "requesthead.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype MaxMethodLength = 32;
constexpr int MaxFields = 100;

bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

//! Visible ASCII, space, tab and obs-text; no other control character, no DEL.
bool isFieldValue(QByteArrayView value)
{
    return std::all_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool listContains(QByteArrayView list, QByteArrayView token)
{
    qsizetype start = 0;
    while (start <= list.size()) {
        qsizetype end = list.indexOf(',', start);
        if (end < 0)
            end = list.size();
        if (equalsIgnoringCase(list.sliced(start, end - start).trimmed(), token))
            return true;
        start = end + 1;
    }
    return false;
}

//! RFC 6455: the key is 16 random bytes in base64, 24 characters.
bool isWebSocketKey(QByteArrayView key)
{
    if (key.size() != 24 || !key.endsWith("=="))
        return false;
    const QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
        key.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == 16;
}

//! Every CR is followed by LF and every LF follows a CR; no NUL.
bool hasOnlyCrlfLineEnds(QByteArrayView head)
{
    for (qsizetype i = 0; i < head.size(); ++i) {
        const char c = head[i];
        if (c == '\0')
            return false;
        if (c == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n'))
            return false;
        if (c == '\n' && (i == 0 || head[i - 1] != '\r'))
            return false;
    }
    return true;
}

struct Field
{
    QByteArrayView name;
    QByteArrayView value;
};

std::optional<Field> splitField(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return std::nullopt;
    const QByteArrayView name = line.first(colon);
    // RFC 9112, 5.1: no whitespace between the name and the colon.
    if (!isToken(name))
        return std::nullopt;
    const QByteArrayView value = line.sliced(colon + 1).trimmed();
    if (!isFieldValue(value))
        return std::nullopt;
    return Field{name, value};
}

} // namespace

bool RequestHead::isFieldLine(QByteArrayView line)
{
    return splitField(line).has_value();
}

QByteArray RequestHead::path() const
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.first(query);
}

QByteArray RequestHead::originOf(QByteArrayView head)
{
    qsizetype start = head.indexOf('\n');
    while (start >= 0 && start + 1 < head.size()) {
        qsizetype end = head.indexOf('\n', start + 1);
        if (end < 0)
            break; // the line may be incomplete
        const QByteArrayView line = head.sliced(start + 1, end - start - 1).trimmed();
        if (const auto field = splitField(line); field && equalsIgnoringCase(field->name, "origin"))
            return field->value.toByteArray();
        start = end;
    }
    return {};
}

std::optional<RequestHead> RequestHead::parse(QByteArrayView head, QByteArray *reason)
{
    const auto refuse = [reason](const char *why) {
        *reason = why;
        return std::nullopt;
    };
    if (!head.endsWith("\r\n\r\n"))
        return refuse("the head must end with an empty line");
    if (!hasOnlyCrlfLineEnds(head))
        return refuse("lines must end with CRLF");
    const QList<QByteArrayView> lines = [&] {
        QList<QByteArrayView> result;
        qsizetype start = 0;
        const QByteArrayView body = head.chopped(4);
        while (start <= body.size()) {
            qsizetype end = body.indexOf("\r\n", start);
            if (end < 0)
                end = body.size();
            result.append(body.sliced(start, end - start));
            start = end + 2;
        }
        return result;
    }();

    RequestHead parsed;
    // request-line = method SP request-target SP HTTP-version
    const QByteArrayView requestLine = lines.first();
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        return refuse("malformed request line");
    parsed.method = requestLine.first(firstSpace).toByteArray();
    parsed.target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1).toByteArray();
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (!isToken(parsed.method) || parsed.method.size() > MaxMethodLength)
        return refuse("malformed method");
    if (!std::all_of(parsed.target.begin(), parsed.target.end(),
                     [](char c) { return c > 0x20 && c < 0x7f; }))
        return refuse("malformed request target");
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return refuse("only HTTP/1.1 and HTTP/1.0 are served");
    // QHttpServer's parser treats CONNECT as a switch of protocols.
    if (parsed.method == "CONNECT")
        return refuse("CONNECT is not served");
    parsed.http10 = version == "HTTP/1.0";
    if (lines.size() - 1 > MaxFields)
        return refuse("too many header fields");

    int hosts = 0;
    int transferEncodings = 0;
    bool keepAlive = false;
    bool connectionClose = false;
    bool connectionUpgrade = false;
    std::optional<QByteArrayView> upgrade;
    std::optional<QByteArrayView> webSocketKey;
    std::optional<QByteArrayView> webSocketVersion;
    bool originSeen = false;
    int requestIds = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines[i];
        if (line.startsWith(' ') || line.startsWith('\t'))
            return refuse("obsolete line folding is not accepted");
        const auto field = splitField(line);
        if (!field)
            return refuse("malformed header field");
        const QByteArrayView name = field->name;
        const QByteArrayView value = field->value;
        if (equalsIgnoringCase(name, "content-length")) {
            if (parsed.contentLength || value.isEmpty() || value.size() > 18
                || !std::all_of(value.begin(), value.end(),
                                [](char c) { return c >= '0' && c <= '9'; }))
                return refuse("malformed Content-Length");
            parsed.contentLength = value.toLongLong();
        } else if (equalsIgnoringCase(name, "transfer-encoding")) {
            if (++transferEncodings > 1 || !equalsIgnoringCase(value, "chunked"))
                return refuse("chunked is the only transfer coding accepted");
            parsed.chunked = true;
        } else if (equalsIgnoringCase(name, "host")) {
            ++hosts;
        } else if (equalsIgnoringCase(name, "connection")) {
            connectionClose = connectionClose || listContains(value, "close");
            keepAlive = keepAlive || listContains(value, "keep-alive");
            connectionUpgrade = connectionUpgrade || listContains(value, "upgrade");
        } else if (equalsIgnoringCase(name, "expect")) {
            parsed.expectContinue = equalsIgnoringCase(value, "100-continue");
        } else if (equalsIgnoringCase(name, "upgrade")) {
            if (upgrade)
                return refuse("more than one Upgrade field");
            upgrade = value;
        } else if (equalsIgnoringCase(name, "sec-websocket-key")) {
            if (webSocketKey)
                return refuse("more than one Sec-WebSocket-Key field");
            webSocketKey = value;
        } else if (equalsIgnoringCase(name, "sec-websocket-version")) {
            webSocketVersion = value;
        } else if (equalsIgnoringCase(name, "origin")) {
            if (std::exchange(originSeen, true))
                return refuse("more than one Origin field");
            parsed.origin = value.toByteArray();
        } else if (equalsIgnoringCase(name, "x-forwarded-for")) {
            if (!parsed.forwardedFor.isEmpty())
                parsed.forwardedFor += ", ";
            parsed.forwardedFor += value.toByteArray();
        } else if (equalsIgnoringCase(name, "x-request-id")) {
            parsed.requestId = ++requestIds == 1 ? value.toByteArray() : QByteArray();
        }
    }
    if (hosts > 1 || (hosts == 0 && !parsed.http10))
        return refuse("an HTTP/1.1 request needs exactly one Host field");
    if (parsed.chunked && parsed.contentLength)
        return refuse("Content-Length and Transfer-Encoding together");
    if (parsed.chunked && parsed.http10)
        return refuse("Transfer-Encoding is not defined for HTTP/1.0");
    parsed.close = connectionClose || (parsed.http10 && !keepAlive);
    parsed.upgradeRequested = upgrade.has_value() || connectionUpgrade;
    parsed.webSocketHandshake = parsed.method == "GET" && !parsed.http10 && upgrade
        && equalsIgnoringCase(*upgrade, "websocket") && connectionUpgrade && webSocketKey
        && isWebSocketKey(*webSocketKey) && webSocketVersion == "13" && !parsed.chunked
        && parsed.contentLength.value_or(0) == 0;
    return parsed;
}
