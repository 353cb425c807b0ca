#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

//! Writes metrics in the Prometheus text exposition format (version 0.0.4): one HELP and one
//! TYPE line per family, then its samples. Label values are escaped; names are the caller's.
class PrometheusText
{
public:
    using Labels = QList<QPair<QByteArray, QByteArray>>;

    static constexpr QByteArrayView ContentType = "text/plain; version=0.0.4; charset=utf-8";

    //! Starts a family; `type` is counter, gauge or histogram.
    void family(QByteArrayView name, QByteArrayView type, QByteArrayView help);
    void sample(QByteArrayView name, const Labels &labels, double value);
    void sample(QByteArrayView name, double value) { sample(name, {}, value); }

    const QByteArray &text() const { return m_text; }

private:
    QByteArray m_text;
};
