#include "common/duration.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestDuration final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
};

void TestDuration::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("milliseconds"); // -1: refused

    QTest::newRow("bare number is seconds") << u"900"_s << qint64(900'000);
    QTest::newRow("seconds") << u"30s"_s << qint64(30'000);
    QTest::newRow("milliseconds") << u"250ms"_s << qint64(250);
    QTest::newRow("minutes as the seed's 15m") << u"15m"_s << qint64(15 * 60'000);
    QTest::newRow("hours") << u"12h"_s << qint64(12 * 3'600'000);
    QTest::newRow("days as the seed's 7d") << u"7d"_s << qint64(7 * 86'400'000);
    QTest::newRow("surrounding spaces") << u" 5m "_s << qint64(300'000);
    QTest::newRow("empty is refused") << u""_s << qint64(-1);
    QTest::newRow("unit alone is refused") << u"m"_s << qint64(-1);
    QTest::newRow("unknown unit is refused") << u"5w"_s << qint64(-1);
    QTest::newRow("negative is refused") << u"-5m"_s << qint64(-1);
    QTest::newRow("fraction is refused") << u"1.5h"_s << qint64(-1);
    QTest::newRow("space before unit is refused") << u"5 m"_s << qint64(-1);
    QTest::newRow("absurdly long is refused") << u"99999999999d"_s << qint64(-1);
}

void TestDuration::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, milliseconds);
    const auto parsed = Duration::parse(text);
    if (milliseconds < 0) {
        QVERIFY(!parsed.has_value());
    } else {
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->count(), milliseconds);
    }
}

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
