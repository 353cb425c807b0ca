#include "violation.h"

using namespace Qt::StringLiterals;

QString Violation::message() const
{
    const QString n = QString::number(limit);
    switch (rule) {
    case Rule::Required:
        return field + u" should not be empty"_s;
    case Rule::NotString:
        return field + u" must be a string"_s;
    case Rule::NotInteger:
        return field + u" must be an integer number"_s;
    case Rule::NotEmail:
        return field + u" must be an email"_s;
    case Rule::NotUuid:
        return field + u" must be a UUID"_s;
    case Rule::TooShort:
        return field + u" must be longer than or equal to "_s + n + u" characters"_s;
    case Rule::TooLong:
        return field + u" must be shorter than or equal to "_s + n + u" characters"_s;
    case Rule::TooLongBytes:
        return field + u" must be at most "_s + n + u" bytes long"_s;
    case Rule::NeedsLetterAndDigit:
        return field + u" must contain at least one letter and one number"_s;
    case Rule::BelowMinimum:
        return field + u" must not be less than "_s + n;
    case Rule::AboveMaximum:
        return field + u" must not be greater than "_s + n;
    case Rule::NotOneOf:
        return field + u" must be one of the following values: "_s + allowed.join(u", "_s);
    case Rule::Repeated:
        return field + u" must be given only once"_s;
    case Rule::ContainsNul:
        return field + u" must not contain NUL characters"_s;
    }
    Q_UNREACHABLE();
}

QStringList violationMessages(const Violations &violations)
{
    QStringList messages;
    messages.reserve(violations.size());
    for (const Violation &violation : violations)
        messages.append(violation.message());
    return messages;
}
