#include "router.h"

using namespace Qt::StringLiterals;

QByteArray Router::methodName(Method method)
{
    switch (method) {
    case Router::Method::Get:
        return "GET"_ba;
    case Router::Method::Post:
        return "POST"_ba;
    case Router::Method::Put:
        return "PUT"_ba;
    case Router::Method::Delete:
        return "DELETE"_ba;
    case Router::Method::Patch:
        return "PATCH"_ba;
    case Router::Method::Head:
        return "HEAD"_ba;
    case Router::Method::Options:
        return "OPTIONS"_ba;
    case Router::Method::Connect:
        return "CONNECT"_ba;
    case Router::Method::Trace:
        return "TRACE"_ba;
    default:
        return "UNKNOWN"_ba;
    }
}

void Router::remember(Method method, const QString &rule, const QByteArray &route)
{
    for (KnownPath &known : m_paths) {
        if (known.rule == rule) {
            known.methods.append(method);
            return;
        }
    }
    // "<arg>" matches one path segment, as QHttpServer's default converters do.
    QString pattern = QRegularExpression::escape(rule);
    pattern.replace(QRegularExpression::escape(u"<arg>"_s), u"[^/]+"_s);
    m_paths.append(
        {rule, route, QRegularExpression(QRegularExpression::anchoredPattern(pattern)), {method}});
}

QByteArray Router::routeLabel(const QString &rule, QStringView argName)
{
    QString label = rule;
    label.replace(u"<arg>"_s, argName.toString());
    return label.toUtf8();
}

QByteArray Router::routeOf(const QString &path) const
{
    for (const KnownPath &known : m_paths) {
        if (known.pattern.match(path).hasMatch())
            return known.route;
    }
    return RequestTrace::unmatchedRoute();
}

QByteArray Router::allowedMethods(const QString &path) const
{
    QByteArrayList names;
    for (const KnownPath &known : m_paths) {
        if (!known.pattern.match(path).hasMatch())
            continue;
        for (Method method : known.methods) {
            if (!names.contains(methodName(method)))
                names.append(methodName(method));
        }
    }
    if (names.isEmpty())
        return {};
    names.append("OPTIONS"_ba);
    return names.join(", ");
}
