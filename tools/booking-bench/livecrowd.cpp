#include "livecrowd.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QtEndian>

#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

QString systemError(const char *what, int error)
{
    return QString::fromLatin1(what) + u": "_s + QString::fromLocal8Bit(std::strerror(error));
}

QByteArray acceptFor(const QByteArray &key)
{
    const QByteArray keyed = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"_ba;
    return QCryptographicHash::hash(keyed, QCryptographicHash::Sha1).toBase64();
}

} // namespace

struct LiveCrowd::Client
{
    enum class State { Connecting, Handshaking, Open, Closed };

    int index = 0;
    int fd = -1;
    State state = State::Connecting;
    QByteArray key;
    QByteArray buffer;
    QByteArray fragments; //!< a text message that came in several frames, so far
};

LiveCrowd::LiveCrowd(const QHostAddress &server, quint16 port, QByteArray path)
    : m_server(server)
    , m_port(port)
    , m_path(std::move(path))
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event wake{};
    wake.events = EPOLLIN;
    wake.data.ptr = nullptr;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &wake);
}

LiveCrowd::~LiveCrowd()
{
    stop();
    ::close(m_wake);
    ::close(m_epoll);
}

QHostAddress LiveCrowd::source(int index)
{
    // 127.2.0.1 ... 127.2.0.250, 127.2.1.1, ...: 62,500 addresses, apart from the buyers'
    // (HttpConnection::loopbackSource: 127.0.x.y).
    return QHostAddress(quint32((127u << 24) | (2u << 16) | (quint32(index / 250 % 250) << 8)
                                | quint32(1 + index % 250)));
}

void LiveCrowd::start(int count, int atOnce)
{
    m_count = count;
    m_clients.reserve(size_t(count));
    m_thread = std::thread([this, atOnce] { run(atOnce); });
}

void LiveCrowd::stop()
{
    if (!m_thread.joinable())
        return;
    m_stopping = true;
    const quint64 one = 1;
    [[maybe_unused]] const auto written = ::write(m_wake, &one, sizeof one);
    m_thread.join();
}

void LiveCrowd::run(int atOnce)
{
    m_atOnce = std::max(1, atOnce);
    openMore();
    epoll_event events[256];
    while (!m_stopping.load()) {
        const int ready = epoll_wait(m_epoll, events, 256, 1000);
        // Whatever epoll reports arrived by now, however long the rest of the batch takes.
        const qint64 now = nowNs();
        for (int i = 0; i < ready; ++i) {
            if (events[i].data.ptr)
                onReady(*static_cast<Client *>(events[i].data.ptr), events[i].events, now);
        }
        openMore();
    }
    for (const auto &client : m_clients)
        closeClient(*client);
}

void LiveCrowd::openMore()
{
    while (m_connecting < m_atOnce && int(m_clients.size()) < m_count) {
        m_clients.push_back(std::make_unique<Client>());
        Client &client = *m_clients.back();
        client.index = int(m_clients.size()) - 1;
        ++m_connecting;
        client.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (client.fd < 0) {
            settle(client, systemError("socket", errno));
            continue;
        }
        sockaddr_in local{};
        local.sin_family = AF_INET;
        local.sin_addr.s_addr = htonl(source(client.index).toIPv4Address());
        if (::bind(client.fd, reinterpret_cast<const sockaddr *>(&local), sizeof local) != 0) {
            settle(client, systemError("bind", errno));
            continue;
        }
        sockaddr_in remote{};
        remote.sin_family = AF_INET;
        remote.sin_addr.s_addr = htonl(m_server.toIPv4Address());
        remote.sin_port = htons(m_port);
        if (::connect(client.fd, reinterpret_cast<const sockaddr *>(&remote), sizeof remote) != 0
            && errno != EINPROGRESS) {
            settle(client, systemError("connect", errno));
            continue;
        }
        epoll_event interest{};
        interest.events = EPOLLOUT | EPOLLIN;
        interest.data.ptr = &client;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, client.fd, &interest);
    }
}

void LiveCrowd::onReady(Client &client, quint32 events, qint64 nowNs)
{
    if (client.state == Client::State::Closed)
        return;
    if (client.state == Client::State::Connecting) {
        int error = 0;
        socklen_t size = sizeof error;
        getsockopt(client.fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0 || (events & EPOLLERR)) {
            settle(client, systemError("connect", error));
            return;
        }
        if (!(events & EPOLLOUT))
            return;
        QByteArray nonce(16, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
        client.key = nonce.toBase64();
        const QByteArray request = "GET "_ba + m_path + " HTTP/1.1\r\nHost: "_ba
            + m_server.toString().toLatin1() + ':' + QByteArray::number(m_port)
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "_ba + client.key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n"_ba;
        if (::send(client.fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL)
            != request.size()) {
            settle(client, u"could not send the handshake"_s);
            return;
        }
        client.state = Client::State::Handshaking;
        epoll_event interest{};
        interest.events = EPOLLIN;
        interest.data.ptr = &client;
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, client.fd, &interest);
        return;
    }
    char chunk[64 * 1024];
    bool ended = false;
    int error = 0;
    for (;;) {
        const ssize_t got = ::read(client.fd, chunk, sizeof chunk);
        if (got > 0) {
            client.buffer.append(chunk, got);
            continue;
        }
        ended = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        error = got < 0 ? errno : 0;
        break;
    }
    if (client.state == Client::State::Handshaking && !readHandshake(client)) {
        if (ended && client.state == Client::State::Handshaking)
            settle(client, error ? systemError("read", error) : u"closed by the server"_s);
        return;
    }
    if (client.state == Client::State::Open)
        readFrames(client, nowNs);
    if (ended && client.state != Client::State::Closed) {
        if (client.state == Client::State::Open) {
            ++m_lost;
            dropClient(client);
        } else {
            settle(client, error ? systemError("read", error) : u"closed by the server"_s);
        }
    }
}

bool LiveCrowd::readHandshake(Client &client)
{
    const qsizetype headEnd = client.buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QList<QByteArray> lines = client.buffer.left(headEnd).split('\n');
    const QByteArray statusLine = lines.value(0).trimmed();
    QByteArray accept;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0
            && line.left(colon).trimmed().compare("Sec-WebSocket-Accept", Qt::CaseInsensitive) == 0)
            accept = line.mid(colon + 1).trimmed();
    }
    if (statusLine.split(' ').value(1) != "101") {
        settle(client, QString::fromLatin1(statusLine));
        return false;
    }
    if (accept != acceptFor(client.key)) {
        settle(client, u"wrong Sec-WebSocket-Accept"_s);
        return false;
    }
    client.buffer.remove(0, headEnd + 4);
    client.state = Client::State::Open;
    --m_connecting;
    ++m_subscribed;
    ++m_settled;
    return true;
}

void LiveCrowd::readFrames(Client &client, qint64 receivedNs)
{
    const QByteArray &buffer = client.buffer;
    qsizetype at = 0;
    while (client.state == Client::State::Open) {
        const qsizetype available = buffer.size() - at;
        if (available < 2)
            break;
        const auto *head = reinterpret_cast<const uchar *>(buffer.constData() + at);
        const bool final = head[0] & 0x80;
        const quint8 opcode = head[0] & 0x0F;
        const bool masked = head[1] & 0x80;
        quint64 length = head[1] & 0x7F;
        qsizetype headerSize = 2;
        if (length == 126) {
            if (available < 4)
                break;
            length = qFromBigEndian<quint16>(head + 2);
            headerSize = 4;
        } else if (length == 127) {
            if (available < 10)
                break;
            length = qFromBigEndian<quint64>(head + 2);
            headerSize = 10;
        }
        const qsizetype maskAt = headerSize;
        if (masked)
            headerSize += 4;
        if (length > quint64(16 * 1024 * 1024)) {
            ++m_lost;
            dropClient(client);
            return;
        }
        if (quint64(available) < quint64(headerSize) + length)
            break;
        QByteArray payload = buffer.mid(at + headerSize, qsizetype(length));
        if (masked) {
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ head[maskAt + i % 4]);
        }
        at += headerSize + qsizetype(length);
        switch (opcode) {
        case Text:
        case Continuation:
            client.fragments += payload;
            if (final) {
                m_receipts.push_back(
                    {client.index, receivedNs, std::exchange(client.fragments, {})});
                ++m_received;
            }
            break;
        case Ping:
            sendControl(client, Pong, payload);
            break;
        case Close:
            // Answered, then the connection ends: the server let this client go.
            sendControl(client, Close, payload.left(2));
            ++m_lost;
            dropClient(client);
            return;
        default:
            break; // pongs, and the binary frames this feed never sends
        }
    }
    client.buffer.remove(0, at);
}

void LiveCrowd::sendControl(Client &client, quint8 opcode, const QByteArray &payload)
{
    // A control frame's payload is at most 125 bytes; a client masks what it sends.
    const QByteArray body = payload.left(125);
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    frame.append(char(0x80 | body.size()));
    const quint32 key = QRandomGenerator::global()->generate();
    const auto *mask = reinterpret_cast<const char *>(&key);
    frame.append(mask, 4);
    for (qsizetype i = 0; i < body.size(); ++i)
        frame.append(char(body[i] ^ mask[i % 4]));
    // Small, into an empty send buffer; a connection the server reset fails quietly (no
    // SIGPIPE).
    ::send(client.fd, frame.constData(), size_t(frame.size()), MSG_NOSIGNAL);
}

void LiveCrowd::settle(Client &client, const QString &why)
{
    // A client whose handshake did not succeed: counted, and the next one may start.
    ++m_failures[why];
    dropClient(client);
    --m_connecting;
    ++m_settled;
}

void LiveCrowd::closeClient(Client &client)
{
    if (client.state == Client::State::Open) {
        QByteArray code(2, Qt::Uninitialized);
        qToBigEndian<quint16>(1000, code.data());
        sendControl(client, Close, code);
    }
    dropClient(client);
}

void LiveCrowd::dropClient(Client &client)
{
    client.state = Client::State::Closed;
    if (client.fd >= 0)
        ::close(client.fd); // leaves the epoll set with it
    client.fd = -1;
}
