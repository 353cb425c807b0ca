#include "app/filelimit.h"

#include <QTest>

#include <sys/resource.h>

//! The server raises its open-file limit to what its connection caps need, and lowers the caps
//! to what the limit allows.
class TestFileLimit final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void raisesTheSoftLimit();
    void stopsAtTheHardLimit();
    void capsFitTheDescriptors_data();
    void capsFitTheDescriptors();
};

void TestFileLimit::raisesTheSoftLimit()
{
    rlimit limit{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < 2048)
        QSKIP("the hard limit is too low to show anything");
    limit.rlim_cur = 512;
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
    QCOMPARE(FileLimit::raiseTo(2000), 2000);
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
    QCOMPARE(qint64(limit.rlim_cur), 2000);
    // Never lowered.
    QCOMPARE(FileLimit::raiseTo(100), 2000);
}

void TestFileLimit::stopsAtTheHardLimit()
{
    rlimit limit{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_max == RLIM_INFINITY)
        QSKIP("no hard limit");
    QCOMPARE(FileLimit::raiseTo(qint64(limit.rlim_max) + 1000), qint64(limit.rlim_max));
}

void TestFileLimit::capsFitTheDescriptors_data()
{
    QTest::addColumn<qint64>("files");
    QTest::addColumn<qint64>("requests");
    QTest::addColumn<qint64>("live");
    // The defaults (2048 request connections, 5000 live clients) and 288 descriptors reserved.
    QTest::newRow("room for every cap") << qint64(20000) << qint64(2048) << qint64(5000);
    QTest::newRow("exactly enough") << qint64(7336) << qint64(2048) << qint64(5000);
    QTest::newRow("a hard limit of 1024: both lowered alike")
        << qint64(1024) << qint64(213) << qint64(522);
    QTest::newRow("no room at all: one request connection")
        << qint64(100) << qint64(1) << qint64(0);
}

void TestFileLimit::capsFitTheDescriptors()
{
    QFETCH(qint64, files);
    QFETCH(qint64, requests);
    QFETCH(qint64, live);
    const FileLimit::ConnectionCaps caps = FileLimit::capsWithin(files, 288, {2048, 5000});
    QCOMPARE(caps.requests, requests);
    QCOMPARE(caps.live, live);
    if (files > 288)
        QVERIFY(caps.requests + caps.live + 288 <= files);
}

QTEST_GUILESS_MAIN(TestFileLimit)
#include "tst_filelimit.moc"
