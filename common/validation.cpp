#include "validation.h"

#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Validation {

namespace {

qsizetype characterCount(const QString &text)
{
    // Characters as people count them: code points, not UTF-16 units.
    return text.toUcs4().size();
}

bool looksLikeEmail(const QString &email)
{
    // Dot-atom local part, then a host name with at least two labels and a letter TLD.
    // Anchored for the whole string: `$` alone would also accept a trailing newline.
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        uR"([a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
        uR"(@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})"_s));
    const qsizetype at = email.indexOf(u'@');
    return at > 0 && at <= 64 && pattern.match(email).hasMatch();
}

} // namespace

QString normalizeEmail(const QString &email)
{
    return email.trimmed().toLower();
}

QString normalizeName(const QString &name)
{
    return name.trimmed();
}

Violations checkEmail(const QString &email)
{
    const QString normalized = normalizeEmail(email);
    if (normalized.isEmpty())
        return {{u"email"_s, Violation::Rule::Required}};
    Violations violations;
    if (normalized.size() > MaxEmailLength)
        violations.append({u"email"_s, Violation::Rule::TooLong, MaxEmailLength});
    if (!looksLikeEmail(normalized))
        violations.append({u"email"_s, Violation::Rule::NotEmail});
    return violations;
}

Violations checkNewPassword(const QString &password)
{
    Violations violations;
    const qsizetype bytes = password.toUtf8().size();
    if (bytes < MinPasswordBytes)
        violations.append({u"password"_s, Violation::Rule::TooShort, MinPasswordBytes});
    if (bytes > MaxPasswordBytes)
        violations.append({u"password"_s, Violation::Rule::TooLongBytes, MaxPasswordBytes});
    const bool hasLetter
        = std::any_of(password.begin(), password.end(), [](QChar c) { return c.isLetter(); });
    const bool hasDigit
        = std::any_of(password.begin(), password.end(), [](QChar c) { return c.isDigit(); });
    if (!hasLetter || !hasDigit)
        violations.append({u"password"_s, Violation::Rule::NeedsLetterAndDigit});
    return violations;
}

Violations checkName(const QString &name)
{
    const qsizetype length = characterCount(normalizeName(name));
    if (length < MinNameLength)
        return {{u"name"_s, Violation::Rule::TooShort, MinNameLength}};
    if (length > MaxNameLength)
        return {{u"name"_s, Violation::Rule::TooLong, MaxNameLength}};
    return {};
}

bool isUuid(const QString &text)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        u"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"_s));
    return pattern.match(text).hasMatch();
}

QString canonicalUuid(const QString &text)
{
    return isUuid(text) ? text.toLower() : QString();
}

} // namespace Validation
