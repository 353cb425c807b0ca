#pragma once

#include <QString>

#include <optional>

//! How the server writes its lines: every log message (Qt's and ours), the start-up banner and
//! fatal errors. Text (the default) is for people: time, level, category, message. JSON
//! (LOG_FORMAT=json) is one object per line for log collectors: `ts` (UTC, RFC 3339), `level`,
//! `category`, `msg`, `request_id` when the line was caused by a request, plus the fields of
//! the message (see LogContext). Log messages go to stderr; the banner to stdout.
namespace Logging {

enum class Format { Text, Json };

//! "text" or "json"; nullopt for anything else.
std::optional<Format> parseFormat(QStringView name);

//! Installs the message handler, in text format.
void install();
void setFormat(Format format);

//! A line of the start-up banner (stdout): plain in text format, an info object in JSON.
void print(const QString &line);
//! A line that ends the program (stderr): plain in text format, an error object in JSON.
void printError(const QString &line);

} // namespace Logging
