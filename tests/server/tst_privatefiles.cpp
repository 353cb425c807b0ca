#include "app/secretstore.h"
#include "storage/embeddedpostgres.h"
#include "storage/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

//! The permission bits of `path` itself (a link is not followed); -1 when it is missing.
int modeOf(const QString &path)
{
    struct stat info
    { };
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

//! Secrets, the data directory and the cluster's log are private from the first moment, and
//! no link planted in the data directory is followed.
class TestPrivateFiles final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secretsAreCreatedPrivate();
    void symlinkAtASecretsPathIsRefusedNotFollowed_data();
    void symlinkAtASecretsPathIsRefusedNotFollowed();
    void aLooseSecretFileIsMadePrivate();
    void dataDirectoryAndLogArePrivate();
    void symlinkedClusterDirectoryIsRefused();

private:
    QTemporaryDir m_directory{u"/tmp/booking-private-XXXXXX"_s};
};

void TestPrivateFiles::secretsAreCreatedPrivate()
{
    const QString tokens = m_directory.filePath(u"token-secrets"_s);
    const auto secrets = SecretStore::loadOrCreate(tokens);
    QVERIFY2(secrets.ok(), qPrintable(secrets.ok() ? QString() : secrets.error().message));
    QCOMPARE(modeOf(tokens), 0600);
    // Read back, not made anew.
    QCOMPARE(SecretStore::loadOrCreate(tokens)->accessSecret, secrets->accessSecret);

    const QString password = m_directory.filePath(u"app-role-password"_s);
    const auto secret = PrivateFiles::loadOrCreateSecret(password);
    QVERIFY(secret.ok());
    QCOMPARE(modeOf(password), 0600);
    QCOMPARE(PrivateFiles::loadOrCreateSecret(password).value(), *secret);
    // No temporary file is left behind.
    QCOMPARE(QDir(m_directory.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

void TestPrivateFiles::symlinkAtASecretsPathIsRefusedNotFollowed_data()
{
    QTest::addColumn<bool>("dangling");
    QTest::newRow("a link to a file of someone else") << false;
    QTest::newRow("a link to where a new file would be made") << true;
}

void TestPrivateFiles::symlinkAtASecretsPathIsRefusedNotFollowed()
{
    QFETCH(bool, dangling);
    const QTemporaryDir data(u"/tmp/booking-private-XXXXXX"_s);
    const QString victim = data.filePath(u"victim"_s);
    if (!dangling) {
        QFile file(victim);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me\n");
        file.close();
        QFile::setPermissions(victim, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    }
    const QString tokens = data.filePath(u"token-secrets"_s);
    QVERIFY(QFile::link(victim, tokens));

    const auto secrets = SecretStore::loadOrCreate(tokens);
    QVERIFY(!secrets.ok());
    QVERIFY2(secrets.error().message.contains(u"symbolic link"_s),
             qPrintable(secrets.error().message));
    const auto password = PrivateFiles::loadOrCreateSecret(tokens);
    QVERIFY(!password.ok());
    QVERIFY(!PrivateFiles::write(tokens, "x", true).ok());
    // The target is untouched: neither created, nor written, nor made private.
    if (dangling) {
        QVERIFY(!QFile::exists(victim));
    } else {
        QCOMPARE(contentOf(victim), "keep me\n"_ba);
        QCOMPARE(modeOf(victim), 0604);
    }
    QVERIFY(QFileInfo(tokens).isSymLink());
}

void TestPrivateFiles::aLooseSecretFileIsMadePrivate()
{
    // As older versions left it, or an operator's copy.
    const QString path = m_directory.filePath(u"postgres-password"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("an-old-password\n");
    file.close();
    QFile::setPermissions(
        path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    QCOMPARE(PrivateFiles::loadOrCreateSecret(path).value(), "an-old-password"_ba);
    QCOMPARE(modeOf(path), 0600);
}

void TestPrivateFiles::dataDirectoryAndLogArePrivate()
{
    const QTemporaryDir parent(u"/tmp/booking-private-XXXXXX"_s);
    QFile::setPermissions(parent.path(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther
                              | QFile::ExeOther);
    const QString data = parent.filePath(u"data"_s);
    // A directory made by someone's umask, and a log left world-readable.
    QVERIFY(QDir().mkpath(data));
    QFile::setPermissions(data,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                              | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    QFile log(data + u"/postgres.log"_s);
    QVERIFY(log.open(QIODevice::WriteOnly));
    log.close();
    QFile::setPermissions(log.fileName(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);

    EmbeddedPostgres postgres({data, true});
    const auto started = postgres.start();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    // Nobody but us may read or write in it; search access for the cluster's account alone
    // (an ACL, when we are root) shows as the group's x bit.
    QCOMPARE(modeOf(data) & 0067, 0);
    if (::geteuid() != 0)
        QCOMPARE(modeOf(data), 0700);
    QCOMPARE(modeOf(postgres.logFile()), 0600);
    QCOMPARE(modeOf(data + u"/postgres-password"_s), 0600);
    QCOMPARE(modeOf(postgres.clusterDirectory()), 0700);
    QVERIFY(!QFile::exists(data + u"/initdb-password"_s));
    postgres.stop();
}

void TestPrivateFiles::symlinkedClusterDirectoryIsRefused()
{
    const QTemporaryDir data(u"/tmp/booking-private-XXXXXX"_s);
    const QTemporaryDir elsewhere(u"/tmp/booking-private-XXXXXX"_s);
    QVERIFY(QFile::link(elsewhere.path(), data.filePath(u"pgdata"_s)));
    EmbeddedPostgres postgres({data.path(), true});
    const auto started = postgres.start();
    QVERIFY(!started.ok());
    QVERIFY2(started.error().message.contains(u"symbolic link"_s),
             qPrintable(started.error().message));
    QVERIFY(QDir(elsewhere.path()).isEmpty());
}

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
