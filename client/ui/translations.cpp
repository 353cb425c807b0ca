#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Translations {

QString install(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *own = new QTranslator(&app);
    if (!own->load(locale, u"booking"_s, u"_"_s, u":/i18n"_s)) {
        // English is the source language; its translation only holds the plural forms.
        if (own->load(u"booking_en"_s, u":/i18n"_s))
            QCoreApplication::installTranslator(own);
        else
            delete own;
        return u"en"_s;
    }
    QCoreApplication::installTranslator(own);
    // A language chosen by hand brings its formats (dates, prices) along; an unknown one
    // changes nothing, so it never leaves the formats of the C locale.
    if (!language.isEmpty())
        QLocale::setDefault(locale);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return QLocale::languageToCode(locale.language());
}

} // namespace Translations
