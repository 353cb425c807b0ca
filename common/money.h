#pragma once

#include <QString>

#include <optional>

//! Prices travel as whole cents inside the program (NUMERIC(10,2) in the database) and as a
//! JSON number with at most two decimals on the wire; never as a float in between.
namespace Money {

double toJsonNumber(qint64 cents);
//! Rounds to the nearest cent.
qint64 fromJsonNumber(double amount);

} // namespace Money

namespace Money {

//! "49.99" (PostgreSQL's text form of a NUMERIC(10,2)) to 4999; nullopt when malformed.
std::optional<qint64> parseDecimal(QStringView text);
//! 4999 to "49.99".
QString toDecimal(qint64 cents);

} // namespace Money
