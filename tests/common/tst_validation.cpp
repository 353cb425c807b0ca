#include "common/validation.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Rule = Violation::Rule;

class TestValidation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void email_data();
    void email();
    void emailIsNormalized();
    void password_data();
    void password();
    void name_data();
    void name();
    void uuid_data();
    void uuid();
    void messagesFollowTheSeedWording();
};

void TestValidation::email_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QList<Rule>>("rules");

    QTest::newRow("plain address is accepted") << u"john.doe@example.com"_s << QList<Rule>{};
    QTest::newRow("plus and subdomain are accepted")
        << u"a+b@mail.example.co.uk"_s << QList<Rule>{};
    QTest::newRow("surrounding spaces and capitals are accepted")
        << u"  John.Doe@Example.COM "_s << QList<Rule>{};
    QTest::newRow("empty is required") << u""_s << QList<Rule>{Rule::Required};
    QTest::newRow("blank is required") << u"   "_s << QList<Rule>{Rule::Required};
    QTest::newRow("no at sign is refused") << u"john.example.com"_s << QList<Rule>{Rule::NotEmail};
    QTest::newRow("no domain dot is refused") << u"john@localhost"_s << QList<Rule>{Rule::NotEmail};
    QTest::newRow("two at signs are refused")
        << u"a@b@example.com"_s << QList<Rule>{Rule::NotEmail};
    QTest::newRow("double dot is refused")
        << u"john..doe@example.com"_s << QList<Rule>{Rule::NotEmail};
    QTest::newRow("space inside is refused")
        << u"john doe@example.com"_s << QList<Rule>{Rule::NotEmail};
    QTest::newRow("255 characters are too long")
        << (QString(64, u'a') + u'@' + QString(186, u'b') + u".com"_s)
        << QList<Rule>{Rule::TooLong, Rule::NotEmail};
}

void TestValidation::email()
{
    QFETCH(QString, email);
    QFETCH(QList<Rule>, rules);
    QList<Rule> actual;
    for (const Violation &violation : Validation::checkEmail(email)) {
        QCOMPARE(violation.field, u"email"_s);
        actual.append(violation.rule);
    }
    QCOMPARE(actual, rules);
}

void TestValidation::emailIsNormalized()
{
    QCOMPARE(Validation::normalizeEmail(u"  John.Doe@Example.COM "_s), u"john.doe@example.com"_s);
}

void TestValidation::password_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QList<Rule>>("rules");

    QTest::newRow("seed password is accepted") << u"Password123"_s << QList<Rule>{};
    QTest::newRow("eight characters are enough") << u"abcdefg1"_s << QList<Rule>{};
    QTest::newRow("seven characters are too short") << u"abcdef1"_s << QList<Rule>{Rule::TooShort};
    QTest::newRow("letters only are refused")
        << u"abcdefghij"_s << QList<Rule>{Rule::NeedsLetterAndDigit};
    QTest::newRow("digits only are refused")
        << u"1234567890"_s << QList<Rule>{Rule::NeedsLetterAndDigit};
    QTest::newRow("72 bytes are accepted") << (QString(71, u'a') + u'1') << QList<Rule>{};
    QTest::newRow("73 bytes are refused, not truncated")
        << (QString(72, u'a') + u'1') << QList<Rule>{Rule::TooLongBytes};
    // 36 two-byte characters plus a digit: 37 characters but 73 bytes.
    QTest::newRow("length counts UTF-8 bytes")
        << (QString(36, u'é') + u'1') << QList<Rule>{Rule::TooLongBytes};
    QTest::newRow("non-ASCII letters count as letters") << u"Pässwört9"_s << QList<Rule>{};
}

void TestValidation::password()
{
    QFETCH(QString, password);
    QFETCH(QList<Rule>, rules);
    QList<Rule> actual;
    for (const Violation &violation : Validation::checkNewPassword(password))
        actual.append(violation.rule);
    QCOMPARE(actual, rules);
}

void TestValidation::name_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QList<Rule>>("rules");

    QTest::newRow("two characters are enough") << u"Al"_s << QList<Rule>{};
    QTest::newRow("one character is too short") << u"A"_s << QList<Rule>{Rule::TooShort};
    QTest::newRow("spaces do not count") << u"  A  "_s << QList<Rule>{Rule::TooShort};
    QTest::newRow("100 characters are accepted") << QString(100, u'x') << QList<Rule>{};
    QTest::newRow("101 characters are too long")
        << QString(101, u'x') << QList<Rule>{Rule::TooLong};
    // Emoji are two UTF-16 units each but one character each.
    QTest::newRow("characters are code points") << QString(u"😀😀"_s) << QList<Rule>{};
}

void TestValidation::name()
{
    QFETCH(QString, name);
    QFETCH(QList<Rule>, rules);
    QList<Rule> actual;
    for (const Violation &violation : Validation::checkName(name))
        actual.append(violation.rule);
    QCOMPARE(actual, rules);
}

void TestValidation::uuid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("lower case uuid")
        << u"3f2b1c4e-8d9a-4b7c-9e1f-0a2b3c4d5e6f"_s << u"3f2b1c4e-8d9a-4b7c-9e1f-0a2b3c4d5e6f"_s;
    QTest::newRow("upper case is canonicalised")
        << u"3F2B1C4E-8D9A-4B7C-9E1F-0A2B3C4D5E6F"_s << u"3f2b1c4e-8d9a-4b7c-9e1f-0a2b3c4d5e6f"_s;
    QTest::newRow("braces are refused") << u"{3f2b1c4e-8d9a-4b7c-9e1f-0a2b3c4d5e6f}"_s << QString();
    QTest::newRow("a number is refused") << u"123"_s << QString();
    QTest::newRow("sql is refused") << u"1' OR '1'='1"_s << QString();
    QTest::newRow("one digit short is refused")
        << u"3f2b1c4e-8d9a-4b7c-9e1f-0a2b3c4d5e6"_s << QString();
}

void TestValidation::uuid()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    QCOMPARE(Validation::canonicalUuid(text), canonical);
    QCOMPARE(Validation::isUuid(text), !canonical.isEmpty());
}

void TestValidation::messagesFollowTheSeedWording()
{
    QCOMPARE((Violation{u"email"_s, Rule::NotEmail}.message()), u"email must be an email"_s);
    QCOMPARE((Violation{u"password"_s, Rule::TooShort, 8}.message()),
             u"password must be longer than or equal to 8 characters"_s);
    QCOMPARE((Violation{u"limit"_s, Rule::AboveMaximum, 50}.message()),
             u"limit must not be greater than 50"_s);
    QCOMPARE((Violation{u"sortBy"_s, Rule::NotOneOf, 0, {u"date"_s, u"price"_s}}.message()),
             u"sortBy must be one of the following values: date, price"_s);
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
