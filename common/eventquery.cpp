#include "eventquery.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

constexpr std::array<QStringView, 3> sortFieldNames{u"date", u"price", u"title"};
constexpr std::array<QStringView, 2> sortOrderNames{u"asc", u"desc"};

template<typename Names>
QStringList allowedValues(const Names &names)
{
    QStringList values;
    for (QStringView name : names)
        values.append(name.toString());
    return values;
}

template<typename Names>
int indexOf(const Names &names, const QString &value)
{
    for (int i = 0; i < int(names.size()); ++i) {
        if (names[i] == value)
            return i;
    }
    return -1;
}

class QueryReader
{
public:
    explicit QueryReader(const QUrlQuery &query)
        : m_query(query)
    { }

    //! The single value of `key`, or nullopt when absent (a repeated key is a violation).
    std::optional<QString> value(const QString &key)
    {
        const QStringList values = m_query.allQueryItemValues(key, QUrl::FullyDecoded);
        if (values.isEmpty())
            return std::nullopt;
        if (values.size() > 1) {
            violations.append({key, Violation::Rule::Repeated});
            return std::nullopt;
        }
        return values.first();
    }

    void readInteger(const QString &key, int minimum, int maximum, int &target)
    {
        const auto text = value(key);
        if (!text)
            return;
        // Digits only: "1.5", "+2", " 3" and "1e3" are not integers here.
        const bool digitsOnly = !text->isEmpty() && text->size() <= 10
            && std::all_of(text->begin(), text->end(), [](QChar c) { return c.isDigit(); });
        bool ok = false;
        const qint64 number = digitsOnly ? text->toLongLong(&ok) : 0;
        if (!ok)
            violations.append({key, Violation::Rule::NotInteger});
        else if (number < minimum)
            violations.append({key, Violation::Rule::BelowMinimum, minimum});
        else if (number > maximum)
            violations.append({key, Violation::Rule::AboveMaximum, maximum});
        else
            target = int(number);
    }

    template<typename Names, typename Enum>
    void readChoice(const QString &key, const Names &names, Enum &target)
    {
        const auto text = value(key);
        if (!text)
            return;
        const int index = indexOf(names, *text);
        if (index < 0)
            violations.append({key, Violation::Rule::NotOneOf, 0, allowedValues(names)});
        else
            target = Enum(index);
    }

    Violations violations;

private:
    const QUrlQuery &m_query;
};

} // namespace

Result<EventQuery> EventQuery::fromUrlQuery(const QUrlQuery &query)
{
    EventQuery result;
    QueryReader reader(query);
    reader.readInteger(u"page"_s, 1, std::numeric_limits<int>::max(), result.page);
    reader.readInteger(u"limit"_s, 1, MaxLimit, result.limit);
    if (const auto search = reader.value(u"search"_s)) {
        if (search->size() > MaxSearchLength)
            reader.violations.append({u"search"_s, Violation::Rule::TooLong, MaxSearchLength});
        else if (search->contains(QChar(0)))
            reader.violations.append({u"search"_s, Violation::Rule::ContainsNul});
        else
            result.search = *search;
    }
    reader.readChoice(u"sortBy"_s, sortFieldNames, result.sortBy);
    reader.readChoice(u"sortOrder"_s, sortOrderNames, result.sortOrder);
    if (!reader.violations.isEmpty()) {
        const QStringList messages = violationMessages(reader.violations);
        return Error(ErrorCode::ValidationFailed, messages.join(u"; "_s), messages);
    }
    return result;
}

Result<EventQuery> EventQuery::fromQueryString(const QString &encoded)
{
    // QUrlQuery follows RFC 3986, where '+' is itself; HTML forms and most clients send a
    // space as '+'. A literal plus arrives as %2B, which is decoded after this.
    QString form = encoded;
    form.replace(u'+', u"%20"_s);
    return fromUrlQuery(QUrlQuery(form));
}

QUrlQuery EventQuery::toUrlQuery() const
{
    QUrlQuery query;
    query.addQueryItem(u"page"_s, QString::number(page));
    query.addQueryItem(u"limit"_s, QString::number(limit));
    if (!search.isEmpty()) {
        // Encode '+' and '&' explicitly: QUrlQuery leaves them as-is otherwise.
        query.addQueryItem(u"search"_s, QString::fromLatin1(QUrl::toPercentEncoding(search)));
    }
    query.addQueryItem(u"sortBy"_s, sortFieldNames[int(sortBy)].toString());
    query.addQueryItem(u"sortOrder"_s, sortOrderNames[int(sortOrder)].toString());
    return query;
}
