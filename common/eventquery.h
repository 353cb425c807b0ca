#pragma once

#include "result.h"
#include "violation.h"

#include <QUrlQuery>

//! The parameters of GET /api/events: pagination, title search and sorting.
struct EventQuery
{
    enum class SortField { Date, Price, Title };
    enum class SortOrder { Ascending, Descending };

    static constexpr int DefaultLimit = 10;
    static constexpr int MaxLimit = 50;
    static constexpr int MaxSearchLength = 100;

    int page = 1;
    int limit = DefaultLimit;
    QString search;
    SortField sortBy = SortField::Date;
    SortOrder sortOrder = SortOrder::Ascending;

    qint64 offset() const { return qint64(page - 1) * limit; }

    //! Parses and checks every parameter; lists every violation when any is wrong.
    static Result<EventQuery> fromUrlQuery(const QUrlQuery &query);
    //! The same from a query string as sent (application/x-www-form-urlencoded: `+` is a
    //! space, `%2B` a plus), e.g. "search=Tech+Conference&page=2".
    static Result<EventQuery> fromQueryString(const QString &encoded);
    //! The query string a client sends; defaults are left out.
    QUrlQuery toUrlQuery() const;

    friend bool operator==(const EventQuery &, const EventQuery &) = default;
};
