#pragma once

#include "common/result.h"

#include <QHash>

//! Reads a `.env` file: KEY=VALUE lines, `#` comments, optional `export ` and quotes.
namespace DotEnv {

//! The variables of the file; an empty map when it does not exist.
Result<QHash<QString, QString>> read(const QString &path);
QHash<QString, QString> parse(const QByteArray &content);

} // namespace DotEnv
