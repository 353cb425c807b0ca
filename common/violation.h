#pragma once

#include <QList>
#include <QString>
#include <QStringList>

//! One broken input rule, typed so that the server can word it for the API (message()) and the
//! desktop client can word it in the user's language.
struct Violation
{
    enum class Rule {
        Required,
        NotString,
        NotInteger,
        NotEmail,
        NotUuid,
        TooShort, //!< fewer than `limit` characters
        TooLong, //!< more than `limit` characters
        TooLongBytes, //!< more than `limit` UTF-8 bytes
        NeedsLetterAndDigit,
        BelowMinimum, //!< less than `limit`
        AboveMaximum, //!< more than `limit`
        NotOneOf, //!< not one of `allowed`
        Repeated, //!< a query parameter given more than once
        ContainsNul, //!< a NUL character, which no text column can hold
    };

    QString field;
    Rule rule;
    qint64 limit = 0;
    QStringList allowed = {};

    //! The API wording, in the style of the seed's class-validator messages.
    QString message() const;

    friend bool operator==(const Violation &, const Violation &) = default;
};

using Violations = QList<Violation>;

//! The API wording of every violation, in order.
QStringList violationMessages(const Violations &violations);
