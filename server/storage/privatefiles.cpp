#include "privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QScopeGuard>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace PrivateFiles {

namespace {

constexpr mode_t privateFileMode = 0600;
constexpr mode_t privateDirectoryMode = 0700;

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

Error failure(const QString &what, const QString &path, int error)
{
    return Error(ErrorCode::Internal, what + u' ' + path + u": "_s + systemError(error));
}

Error symlinkRefused(const QString &path)
{
    return Error(ErrorCode::Internal,
                 path
                     + u" is a symbolic link; refusing to follow it (remove it, or choose another "
                       u"--data-dir)"_s);
}

//! Closes on scope exit.
class Descriptor
{
public:
    explicit Descriptor(int fd)
        : m_fd(fd)
    { }
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Q_DISABLE_COPY_MOVE(Descriptor)
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }

private:
    int m_fd;
};

bool writeAll(int fd, const QByteArray &content)
{
    qsizetype written = 0;
    while (written < content.size()) {
        const ssize_t n
            = ::write(fd, content.constData() + written, size_t(content.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        written += n;
    }
    return true;
}

//! A fresh name beside `path` that nobody else can have taken: O_EXCL decides.
QByteArray temporaryName(const QByteArray &path)
{
    const int slash = path.lastIndexOf('/');
    return path.left(slash + 1) + '.' + path.mid(slash + 1) + ".tmp-"
        + QByteArray::number(QRandomGenerator::system()->generate64(), 36);
}

} // namespace

Result<void> refuseSymlink(const QString &path)
{
    struct stat info
    { };
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return errno == ENOENT ? Result<void>()
                               : Result<void>(failure(u"cannot inspect"_s, path, errno));
    if (S_ISLNK(info.st_mode))
        return symlinkRefused(path);
    return {};
}

Result<void> ensureDirectory(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    const QString parent = QFileInfo(path).absolutePath();
    if (::mkdir(name.constData(), privateDirectoryMode) != 0 && errno != EEXIST) {
        if (errno != ENOENT || !QDir().mkpath(parent))
            return failure(u"cannot create"_s, path, errno);
        if (::mkdir(name.constData(), privateDirectoryMode) != 0 && errno != EEXIST)
            return failure(u"cannot create"_s, path, errno);
    }
    const Descriptor dir(::open(name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir.valid()) {
        if (errno == ELOOP)
            return symlinkRefused(path);
        if (errno == ENOTDIR)
            return Error(ErrorCode::Internal, path + u" exists but is not a directory"_s);
        return failure(u"cannot open"_s, path, errno);
    }
    struct stat info
    { };
    if (::fstat(dir.get(), &info) != 0)
        return failure(u"cannot inspect"_s, path, errno);
    // Group search alone may stay: an ACL that lets the cluster's account through shows as it.
    if ((info.st_mode & 0067) != 0 && ::fchmod(dir.get(), privateDirectoryMode) != 0)
        return failure(u"cannot make private"_s, path, errno);
    return {};
}

namespace {

//! The open file `fd` at `path` must be a regular file; it is made private if it is not.
Result<void> makeRegularFilePrivate(int fd, const QString &path)
{
    struct stat info
    { };
    if (::fstat(fd, &info) != 0)
        return failure(u"cannot inspect"_s, path, errno);
    if (!S_ISREG(info.st_mode))
        return Error(ErrorCode::Internal, path + u" is not a regular file"_s);
    if ((info.st_mode & 0077) != 0 && ::fchmod(fd, privateFileMode) != 0)
        return failure(u"cannot make private"_s, path, errno);
    return {};
}

} // namespace

Result<std::optional<QByteArray>> read(const QString &path)
{
    const Descriptor file(
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
    if (!file.valid()) {
        if (errno == ENOENT)
            return std::optional<QByteArray>();
        if (errno == ELOOP)
            return symlinkRefused(path);
        return failure(u"cannot read"_s, path, errno);
    }
    if (auto regular = makeRegularFilePrivate(file.get(), path); !regular)
        return regular.error();
    QByteArray content;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return failure(u"cannot read"_s, path, errno);
        if (n == 0)
            break;
        content.append(buffer, n);
    }
    return std::optional<QByteArray>(content);
}

Result<bool> write(const QString &path, const QByteArray &content, bool replace, Owner owner)
{
    if (auto checked = refuseSymlink(path); !checked)
        return checked.error();
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temporary = temporaryName(target);
    {
        // 0600 from the first moment: there is no instant in which others could open it.
        const Descriptor file(::open(temporary.constData(),
                                     O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
                                     privateFileMode));
        if (!file.valid())
            return failure(u"cannot create"_s, QFile::decodeName(temporary), errno);
        const bool written
            = (owner.uid < 0 || ::fchown(file.get(), uid_t(owner.uid), gid_t(owner.gid)) == 0)
            && writeAll(file.get(), content) && ::fsync(file.get()) == 0;
        if (!written) {
            const int error = errno;
            ::unlink(temporary.constData());
            return failure(u"cannot write"_s, path, error);
        }
    }
    const auto removeTemporary = qScopeGuard([&temporary] { ::unlink(temporary.constData()); });
    if (replace) {
        // rename() replaces a link itself, never what it points to.
        if (::rename(temporary.constData(), target.constData()) != 0)
            return failure(u"cannot write"_s, path, errno);
        return true;
    }
    // link() never replaces and never follows: whoever was first keeps their file.
    if (::link(temporary.constData(), target.constData()) != 0) {
        if (errno == EEXIST)
            return false;
        return failure(u"cannot write"_s, path, errno);
    }
    return true;
}

Result<QByteArray> loadOrCreateSecret(const QString &path, int bytes)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto existing = read(path);
        if (!existing)
            return existing.error();
        if (*existing && !(*existing)->trimmed().isEmpty())
            return (*existing)->trimmed();
        QByteArray random(bytes, Qt::Uninitialized);
        for (char &byte : random)
            byte = char(QRandomGenerator::system()->generate());
        const QByteArray secret
            = random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        // An empty file is replaced; a file another process wrote meanwhile is read again.
        auto written = write(path, secret + '\n', existing->has_value());
        if (!written)
            return written.error();
        if (*written)
            return secret;
    }
    return Error(ErrorCode::Internal, u"cannot keep a secret in "_s + path);
}

Result<void> ensureAppendable(const QString &path)
{
    const Descriptor file(::open(QFile::encodeName(path).constData(),
                                 O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                                 privateFileMode));
    if (!file.valid()) {
        if (errno == ELOOP)
            return symlinkRefused(path);
        return failure(u"cannot open"_s, path, errno);
    }
    return makeRegularFilePrivate(file.get(), path);
}

} // namespace PrivateFiles
