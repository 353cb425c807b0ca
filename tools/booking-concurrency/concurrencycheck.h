#pragma once

#include <QTextStream>
#include <QUrl>

//! The seed's `npm run test:concurrency`: N users race for the event with two tickets through
//! a running server; the report says whether exactly as many bookings succeeded as there were
//! tickets and every other buyer was told the truth ("No tickets available").
class ConcurrencyCheck
{
public:
    struct Options
    {
        QUrl apiBase{QStringLiteral("http://localhost:3001/api")};
        int users = 10;
        QString password = QStringLiteral("Password123");
    };

    ConcurrencyCheck(Options options, QTextStream &out);

    //! Runs the check and prints the report; true when it passed.
    bool run();

private:
    bool fail(const QString &why);

    Options m_options;
    QTextStream &m_out;
};
