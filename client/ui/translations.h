#pragma once

#include <QString>

class QCoreApplication;

//! The user interface language: the system's, or the one given with --lang. Loads the app's
//! translation and Qt's own (for standard buttons and dialogs).
namespace Translations {

//! The languages the app speaks besides its English source strings.
inline constexpr const char *Available[] = {"de", "fr"};

//! Installs the translations for `language` (e.g. "de"; empty: the system's); also makes it
//! the default locale for dates and prices when it was given explicitly. Returns the language
//! in use ("en" when there is no translation for it).
QString install(QCoreApplication &app, const QString &language);

} // namespace Translations
