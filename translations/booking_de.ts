<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BookingTableModel</name>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Booked on</source>
        <translation>Gebucht am</translation>
    </message>
    <message>
        <source>The ticket is held while the payment runs, until %1.</source>
        <translation>Das Ticket ist bis %1 reserviert, solange die Zahlung läuft.</translation>
    </message>
    <message>
        <source>Paying…</source>
        <translation>Zahlung läuft…</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>Zahlung abgelehnt</translation>
    </message>
</context>
<context>
    <name>BookingsPage</name>
    <message>
        <source>Cancel booking…</source>
        <translation>Buchung stornieren…</translation>
    </message>
    <message>
        <source>Booking cancelled: “%1”. The ticket is available again.</source>
        <translation>Buchung storniert: „%1“. Das Ticket ist wieder verfügbar.</translation>
    </message>
    <message>
        <source>Loading your bookings…</source>
        <translation>Ihre Buchungen werden geladen…</translation>
    </message>
    <message>
        <source>You have no bookings yet. Book a ticket on the Events page.</source>
        <translation>Sie haben noch keine Buchungen. Buchen Sie ein Ticket auf der Seite „Veranstaltungen“.</translation>
    </message>
    <message>
        <source>Cancel booking</source>
        <translation>Buchung stornieren</translation>
    </message>
    <message>
        <source>Cancel your booking for “%1”? The ticket goes back on sale.</source>
        <translation>Ihre Buchung für „%1“ stornieren? Das Ticket geht zurück in den Verkauf.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird storniert…</translation>
    </message>
    <message>
        <source>Keep booking</source>
        <translation>Buchung behalten</translation>
    </message>
</context>
<context>
    <name>BundledServerPanel</name>
    <message>
        <source>Start the bundled server</source>
        <translation>Mitgelieferten Server starten</translation>
    </message>
    <message>
        <source>The bundled server is running.</source>
        <translation>Der mitgelieferte Server läuft.</translation>
    </message>
    <message>
        <source>The bundled server cannot be run. Please reinstall the app.</source>
        <translation>Der mitgelieferte Server lässt sich nicht ausführen. Bitte installieren Sie die App neu.</translation>
    </message>
    <message>
        <source>The bundled server cannot use port %1: another program uses it. Type another port in the address, e.g. http://localhost:3002.</source>
        <translation>Der mitgelieferte Server kann Port %1 nicht verwenden: Ein anderes Programm belegt ihn. Geben Sie in der Adresse einen anderen Port an, z. B. http://localhost:3002.</translation>
    </message>
    <message>
        <source>The bundled server stopped while starting. Its last messages are shown below.</source>
        <translation>Der mitgelieferte Server wurde beim Start beendet. Seine letzten Meldungen stehen unten.</translation>
    </message>
    <message>
        <source>No booking server answers at %1. This computer has one built in: start it to work with its own local database?</source>
        <translation>Unter %1 antwortet kein Buchungsserver. Dieser Computer hat einen eingebaut: Soll er gestartet werden, um mit seiner eigenen lokalen Datenbank zu arbeiten?</translation>
    </message>
    <message>
        <source>Starting the bundled server… (the first start sets up its database and takes a little longer)</source>
        <translation>Der mitgelieferte Server startet… (beim ersten Start wird seine Datenbank eingerichtet, das dauert etwas länger)</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>You have signed out.</source>
        <translation>Sie haben sich abgemeldet.</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Some of the details are not valid. Please check them.</source>
        <translation>Einige Angaben sind ungültig. Bitte prüfen Sie sie.</translation>
    </message>
    <message>
        <source>The server sent an answer this app does not understand. Is the address right, and is it up to date?</source>
        <translation>Der Server hat eine Antwort gesendet, die diese App nicht versteht. Stimmt die Adresse, und ist der Server aktuell?</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The email address or the password is wrong.</source>
        <translation>Die E-Mail-Adresse oder das Passwort ist falsch.</translation>
    </message>
    <message>
        <source>You can only cancel your own bookings.</source>
        <translation>Sie können nur Ihre eigenen Buchungen stornieren.</translation>
    </message>
    <message>
        <source>This event no longer exists.</source>
        <translation>Diese Veranstaltung gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>This booking no longer exists.</source>
        <translation>Diese Buchung gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>The server does not offer this. Is the address the booking server&apos;s?</source>
        <translation>Der Server bietet das nicht an. Ist das die Adresse des Buchungsservers?</translation>
    </message>
    <message>
        <source>An account with this email address exists already. Sign in instead?</source>
        <translation>Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Möchten Sie sich stattdessen anmelden?</translation>
    </message>
    <message>
        <source>Sold out: there are no tickets left for this event.</source>
        <translation>Ausverkauft: Für diese Veranstaltung gibt es keine Tickets mehr.</translation>
    </message>
    <message>
        <source>You have booked this event already.</source>
        <translation>Sie haben diese Veranstaltung bereits gebucht.</translation>
    </message>
    <message>
        <source>This booking was cancelled already.</source>
        <translation>Diese Buchung wurde bereits storniert.</translation>
    </message>
    <message>
        <source>That is too much text to send.</source>
        <translation>Das ist zu viel Text zum Senden.</translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a minute and try again.</source>
        <translation>Zu viele Versuche. Bitte warten Sie eine Minute und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Something went wrong on the server. Please try again.</source>
        <translation>Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server is busy or restarting. Please try again in a moment.</source>
        <translation>Der Server ist ausgelastet oder startet neu. Bitte versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and your connection.</source>
        <translation>Der Server ist nicht erreichbar. Prüfen Sie die Adresse und Ihre Verbindung.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation>Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Pflichtfeld.</translation>
    </message>
    <message>
        <source>This is not an email address.</source>
        <translation>Das ist keine E-Mail-Adresse.</translation>
    </message>
    <message numerus="yes">
        <source>At least %n character(s).</source>
        <translation>
            <numerusform>Mindestens %n Zeichen.</numerusform>
            <numerusform>Mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n character(s).</source>
        <translation>
            <numerusform>Höchstens %n Zeichen.</numerusform>
            <numerusform>Höchstens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too long: at most %n bytes (fewer with accents and symbols).</source>
        <translation>
            <numerusform>Zu lang: höchstens %n Byte (weniger mit Umlauten und Sonderzeichen).</numerusform>
            <numerusform>Zu lang: höchstens %n Byte (weniger mit Umlauten und Sonderzeichen).</numerusform>
        </translation>
    </message>
    <message>
        <source>Use at least one letter and one digit.</source>
        <translation>Verwenden Sie mindestens einen Buchstaben und eine Ziffer.</translation>
    </message>
    <message>
        <source>Not valid.</source>
        <translation>Ungültig.</translation>
    </message>
    <message>
        <source>The payment was declined, so the ticket was released. You can try again.</source>
        <translation>Die Zahlung wurde abgelehnt, daher wurde das Ticket freigegeben. Sie können es erneut versuchen.</translation>
    </message>
    <message>
        <source>The ticket was held for you, but the payment did not finish in time, so it was released.</source>
        <translation>Das Ticket war für Sie reserviert, aber die Zahlung wurde nicht rechtzeitig abgeschlossen, daher wurde es freigegeben.</translation>
    </message>
    <message>
        <source>This booking is still being processed. Please wait a moment.</source>
        <translation>Diese Buchung wird noch bearbeitet. Bitte warten Sie einen Moment.</translation>
    </message>
    <message>
        <source>This request clashes with an earlier one. Please try again.</source>
        <translation>Diese Anfrage kollidiert mit einer früheren. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The connection to the server is too slow. Please try again.</source>
        <translation>Die Verbindung zum Server ist zu langsam. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server answered %1.</source>
        <translation>Der Server hat mit %1 geantwortet.</translation>
    </message>
    <message>
        <source>The server answered %1: %2</source>
        <translation>Der Server hat mit %1 geantwortet: %2</translation>
    </message>
    <message>
        <source>The server answered %1 (%2).</source>
        <translation>Der Server hat mit %1 (%2) geantwortet.</translation>
    </message>
    <message>
        <source>The server answered %1 (%2): %3</source>
        <translation>Der Server hat mit %1 (%2) geantwortet: %3</translation>
    </message>
</context>
<context>
    <name>EventDetailsPanel</name>
    <message>
        <source>Select an event to see its details and book a ticket.</source>
        <translation>Wählen Sie eine Veranstaltung, um Details zu sehen und ein Ticket zu buchen.</translation>
    </message>
    <message>
        <source>Book a ticket</source>
        <translation>Ticket buchen</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Wann:</translation>
    </message>
    <message>
        <source>Where:</source>
        <translation>Wo:</translation>
    </message>
    <message>
        <source>Price:</source>
        <translation>Preis:</translation>
    </message>
    <message>
        <source>Tickets:</source>
        <translation>Tickets:</translation>
    </message>
    <message>
        <source>Sold out (%1 in all)</source>
        <translation>Ausverkauft (%1 insgesamt)</translation>
    </message>
    <message>
        <source>%1 of %2 left</source>
        <translation>%1 von %2 übrig</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Wird gebucht…</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Ausverkauft</translation>
    </message>
    <message>
        <source>Booked: one ticket for “%1”. Your booking reference is %2.</source>
        <translation>Gebucht: ein Ticket für „%1“. Ihre Buchungsnummer ist %2.</translation>
    </message>
    <message>
        <source>You have booked this event</source>
        <translation>Sie haben diese Veranstaltung gebucht</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>„%1“: %2</translation>
    </message>
    <message>
        <source>Paying…</source>
        <translation>Zahlung läuft…</translation>
    </message>
    <message>
        <source>Your ticket is held until %1 while the payment runs.</source>
        <translation>Ihr Ticket ist bis %1 reserviert, während die Zahlung läuft.</translation>
    </message>
    <message>
        <source>Your ticket is held while the payment runs.</source>
        <translation>Ihr Ticket ist reserviert, während die Zahlung läuft.</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>%1 / %2</source>
        <extracomment>remaining tickets / total tickets, e.g. &quot;12 / 50&quot;</extracomment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Ausverkauft</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) left</source>
        <translation>
            <numerusform>Noch %n Ticket</numerusform>
            <numerusform>Noch %n Tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Tickets left</source>
        <translation>Freie Tickets</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Search events</source>
        <translation>Veranstaltungen suchen</translation>
    </message>
    <message>
        <source>Loading events…</source>
        <translation>Veranstaltungen werden geladen…</translation>
    </message>
    <message>
        <source>There are no events yet.</source>
        <translation>Es gibt noch keine Veranstaltungen.</translation>
    </message>
    <message>
        <source>No event title contains “%1”.</source>
        <translation>Kein Veranstaltungstitel enthält „%1“.</translation>
    </message>
    <message>
        <source>Loading events</source>
        <translation>Veranstaltungen werden geladen</translation>
    </message>
    <message>
        <source>Search events by title (%1)</source>
        <translation>Veranstaltungen nach Titel suchen (%1)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Event Booking</source>
        <translation>Veranstaltungsbuchung</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Veranstaltungen</translation>
    </message>
    <message>
        <source>&amp;My bookings</source>
        <translation>&amp;Meine Buchungen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Load the page again (%1)</source>
        <translation>Seite neu laden (%1)</translation>
    </message>
    <message>
        <source>&amp;Search events</source>
        <translation>Veranstaltungen &amp;suchen</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Sign out (%1)</source>
        <translation>Abmelden (%1)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About Event Booking</source>
        <translation>&amp;Über Veranstaltungsbuchung</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>About Event Booking</source>
        <translation>Über Veranstaltungsbuchung</translation>
    </message>
    <message>
        <source>&lt;b&gt;Event Booking&lt;/b&gt; %1&lt;br&gt;Book tickets for events; ticket counts update live.</source>
        <translation>&lt;b&gt;Veranstaltungsbuchung&lt;/b&gt; %1&lt;br&gt;Tickets für Veranstaltungen buchen; die Ticketzahlen werden live aktualisiert.</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Angemeldet als %1</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Ticket counts update as they change.</source>
        <translation>Die Ticketzahlen werden bei jeder Änderung aktualisiert.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>The live connection was lost; ticket counts may be out of date until it is back.</source>
        <translation>Die Live-Verbindung ist unterbrochen; bis sie wieder besteht, können Ticketzahlen veraltet sein.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>PaginationBar</name>
    <message>
        <source>First page</source>
        <translation>Erste Seite</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Vorherige Seite</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Nächste Seite</translation>
    </message>
    <message>
        <source>Last page</source>
        <translation>Letzte Seite</translation>
    </message>
    <message>
        <source>%1 per page</source>
        <translation>%1 pro Seite</translation>
    </message>
    <message>
        <source>Events per page</source>
        <translation>Veranstaltungen pro Seite</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Veranstaltung</numerusform>
            <numerusform>%n Veranstaltungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInForm</name>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation>sie@beispiel.de</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>E-Mail:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>8 or more characters, a letter and a digit</source>
        <translation>8 oder mehr Zeichen, ein Buchstabe und eine Ziffer</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>This address has an account already: sign in instead, or use another address.</source>
        <translation>Für diese Adresse gibt es bereits ein Konto: Melden Sie sich stattdessen an oder verwenden Sie eine andere Adresse.</translation>
    </message>
    <message>
        <source>The server does not accept this.</source>
        <translation>Der Server akzeptiert diese Angabe nicht.</translation>
    </message>
</context>
<context>
    <name>SignInWindow</name>
    <message>
        <source>Sign in – Event Booking</source>
        <translation>Anmelden – Veranstaltungsbuchung</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Event Booking&lt;/h2&gt;Book tickets for concerts, conferences and more.</source>
        <translation>&lt;h2&gt;Veranstaltungsbuchung&lt;/h2&gt;Tickets für Konzerte, Konferenzen und mehr buchen.</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>The server address is not valid, e.g. http://localhost:3001.</source>
        <translation>Die Serveradresse ist ungültig, z. B. http://localhost:3001.</translation>
    </message>
</context>
<context>
    <name>StatePanel</name>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
</context>
<context>
    <name>TicketBarDelegate</name>
    <message>
        <source>Sold out</source>
        <translation>Ausverkauft</translation>
    </message>
</context>
</TS>
