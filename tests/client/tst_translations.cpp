#include "clienttestcase.h"
#include "models/bookingtablemodel.h"
#include "ui/desktopapp.h"
#include "ui/signinwindow.h"
#include "ui/translations.h"

#include <QProcess>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTranslator>

using namespace Qt::StringLiterals;

//! The interface speaks German and French when asked to.
class TestTranslations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void germanIsLoadedAndShown();
    void frenchIsLoadedAndShown();
    void bookingStatusesAreTranslated_data();
    void bookingStatusesAreTranslated();
    void everyStringIsTranslated_data();
    void everyStringIsTranslated();
    void unknownLanguageFallsBackToEnglish();
};

void TestTranslations::cleanup()
{
    for (QTranslator *translator : qApp->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    QLocale::setDefault(QLocale::c());
}

void TestTranslations::germanIsLoadedAndShown()
{
    QCOMPARE(Translations::install(*qApp, u"de"_s), u"de"_s);
    DesktopApp app;
    app.start(QUrl(u"http://127.0.0.1:1"_s));
    SignInWindow &window = app.signInWindow();
    QCOMPARE(window.findChild<QPushButton *>(u"signInButton"_s)->text(), u"Anmelden"_s);
    auto *tabs = window.findChild<QTabWidget *>(u"signInTabs"_s);
    QCOMPARE(tabs->tabText(1), u"Konto erstellen"_s);
    QCOMPARE(QLocale().toCurrencyString(49.99).contains(u"€"), true);
}

void TestTranslations::frenchIsLoadedAndShown()
{
    QCOMPARE(Translations::install(*qApp, u"fr"_s), u"fr"_s);
    DesktopApp app;
    app.start(QUrl(u"http://127.0.0.1:1"_s));
    QCOMPARE(app.signInWindow().findChild<QPushButton *>(u"signInButton"_s)->text(),
             u"Se connecter"_s);
}

void TestTranslations::bookingStatusesAreTranslated_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("labels");
    QTest::newRow("German") << u"de"_s
                            << QStringList{u"Zahlung läuft…"_s, u"Bestätigt"_s, u"Storniert"_s,
                                           u"Abgelaufen"_s, u"Zahlung abgelehnt"_s};
    QTest::newRow("French") << u"fr"_s
                            << QStringList{u"Paiement en cours…"_s, u"Confirmée"_s, u"Annulée"_s,
                                           u"Expirée"_s, u"Paiement refusé"_s};
}

void TestTranslations::bookingStatusesAreTranslated()
{
    QFETCH(QString, language);
    QFETCH(QStringList, labels);
    QCOMPARE(Translations::install(*qApp, language), language);
    const QList<BookingStatus> statuses{BookingStatus::Pending, BookingStatus::Confirmed,
                                        BookingStatus::Cancelled, BookingStatus::Expired,
                                        BookingStatus::Failed};
    QStringList shown;
    for (BookingStatus status : statuses)
        shown.append(BookingTableModel::statusText(status));
    QCOMPARE(shown, labels);
}

void TestTranslations::everyStringIsTranslated_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("German") << u"de"_s;
    QTest::newRow("French") << u"fr"_s;
}

void TestTranslations::everyStringIsTranslated()
{
    QFETCH(QString, language);
    // The file as lupdate makes it from today's sources: a string added to the code but not
    // to the file shows up as unfinished here.
    QTemporaryDir scratch;
    const QString copy = scratch.filePath(u"booking_"_s + language + u".ts"_s);
    QVERIFY(QFile::copy(
        QStringLiteral(BOOKING_TRANSLATIONS_DIR) + u"/booking_"_s + language + u".ts"_s, copy));
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(BOOKING_LUPDATE),
                  {u"-no-obsolete"_s, u"-locations"_s, u"none"_s,
                   QStringLiteral(BOOKING_CLIENT_SOURCE_DIR), u"-ts"_s, copy});
    QVERIFY(lupdate.waitForFinished(60000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
    QFile ts(copy);
    QVERIFY(ts.open(QIODevice::ReadOnly));
    const QByteArray content = ts.readAll();
    QVERIFY(content.contains("<message"));
    QCOMPARE(content.count("type=\"unfinished\""), 0);
    QCOMPARE(content.count("type=\"vanished\""), 0);
}

void TestTranslations::unknownLanguageFallsBackToEnglish()
{
    const QLocale formats(QLocale::German, QLocale::Germany);
    QLocale::setDefault(formats);
    QCOMPARE(Translations::install(*qApp, u"xx"_s), u"en"_s);
    // The formats stay as they were (not the C locale's, without a currency).
    QCOMPARE(QLocale(), formats);
    DesktopApp app;
    app.start(QUrl(u"http://127.0.0.1:1"_s));
    QCOMPARE(app.signInWindow().findChild<QPushButton *>(u"signInButton"_s)->text(), u"Sign in"_s);
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
