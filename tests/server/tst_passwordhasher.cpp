#include "services/passwordhasher.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;

class TestPasswordHasher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hashIsBcrypt2bWithTheCost();
    void costBelowTenIsRaised();
    void rightPasswordVerifies();
    void wrongPasswordFails_data();
    void wrongPasswordFails();
    void saltsDiffer();
    void nonAsciiPasswordsWork();
    void nulIsRefused();
    void malformedHashNeverVerifies();
};

void TestPasswordHasher::hashIsBcrypt2bWithTheCost()
{
    const auto hash = PasswordHasher(10).hash(u"Password123"_s);
    QVERIFY(hash.ok());
    QVERIFY2(hash->startsWith(u"$2b$10$"), qPrintable(*hash));
    QCOMPARE(hash->size(), 60);
    QCOMPARE(PasswordHasher(11).hash(u"Password123"_s)->left(7), u"$2b$11$"_s);
}

void TestPasswordHasher::costBelowTenIsRaised()
{
    const PasswordHasher weak(4);
    QCOMPARE(weak.cost(), 10);
    QVERIFY(weak.hash(u"Password123"_s)->startsWith(u"$2b$10$"));
}

void TestPasswordHasher::rightPasswordVerifies()
{
    const PasswordHasher hasher(10);
    const QString hash = *hasher.hash(u"Password123"_s);
    QVERIFY(hasher.verify(u"Password123"_s, hash));
}

void TestPasswordHasher::wrongPasswordFails_data()
{
    QTest::addColumn<QString>("attempt");
    QTest::newRow("different case") << u"password123"_s;
    QTest::newRow("one character more") << u"Password1234"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("prefix") << u"Password12"_s;
}

void TestPasswordHasher::wrongPasswordFails()
{
    QFETCH(QString, attempt);
    const PasswordHasher hasher(10);
    QVERIFY(!hasher.verify(attempt, *hasher.hash(u"Password123"_s)));
}

void TestPasswordHasher::saltsDiffer()
{
    const PasswordHasher hasher(10);
    QVERIFY(*hasher.hash(u"Password123"_s) != *hasher.hash(u"Password123"_s));
}

void TestPasswordHasher::nonAsciiPasswordsWork()
{
    const PasswordHasher hasher(10);
    const QString hash = *hasher.hash(u"Grüße aus Köln 9"_s);
    QVERIFY(hasher.verify(u"Grüße aus Köln 9"_s, hash));
    QVERIFY(!hasher.verify(u"Grusse aus Koln 9"_s, hash));
}

void TestPasswordHasher::nulIsRefused()
{
    const PasswordHasher hasher(10);
    QString withNul = u"Password123"_s;
    withNul.insert(4, QChar(0));
    QVERIFY(!hasher.hash(withNul).ok());
    QVERIFY(!hasher.verify(withNul, *hasher.hash(u"Pass"_s)));
}

void TestPasswordHasher::malformedHashNeverVerifies()
{
    const PasswordHasher hasher(10);
    QVERIFY(!hasher.verify(u"Password123"_s, QString()));
    QVERIFY(!hasher.verify(u"Password123"_s, u"plaintext"_s));
    QVERIFY(!hasher.verify(u"Password123"_s, u"$2b$10$tooshort"_s));
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
