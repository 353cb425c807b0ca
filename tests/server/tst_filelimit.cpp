#include "app/filelimit.h"

#include <QTest>

#include <sys/resource.h>

//! The server raises its open-file limit to what its connection caps need.
class TestFileLimit final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void raisesTheSoftLimit();
    void stopsAtTheHardLimit();
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

QTEST_GUILESS_MAIN(TestFileLimit)
#include "tst_filelimit.moc"
