<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>BookingTableModel</name>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Venue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booked on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BookingsPage</name>
    <message>
        <source>Cancel booking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking cancelled: “%1”. The ticket is available again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading your bookings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have no bookings yet. Book a ticket on the Events page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel your booking for “%1”? The ticket goes back on sale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have signed out.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Some of the details are not valid. Please check them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an answer this app does not understand. Is the address right, and is it up to date?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The email address or the password is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can only cancel your own bookings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This event no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This booking no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not offer this. Is the address the booking server&apos;s?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account with this email address exists already. Sign in instead?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out: there are no tickets left for this event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have booked this event already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This booking was cancelled already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is too much text to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a minute and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong on the server. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is busy or restarting. Please try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and your connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not an email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>At least %n character(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n character(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too long: at most %n bytes (fewer with accents and symbols).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Use at least one letter and one digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventDetailsPanel</name>
    <message>
        <source>Select an event to see its details and book a ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book a ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out (%1 in all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booked: one ticket for “%1”. Your booking reference is %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>%1 / %2</source>
        <extracomment>remaining tickets / total tickets, e.g. &quot;12 / 50&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Venue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Search events by title (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no events yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No event title contains “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Event Booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;My bookings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the page again (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Event Booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Event Booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Event Booking&lt;/b&gt; %1&lt;br&gt;Book tickets for events; ticket counts update live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket counts update as they change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The live connection was lost; ticket counts may be out of date until it is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaginationBar</name>
    <message>
        <source>First page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events per page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInWindow</name>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the bundled server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in – Event Booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Event Booking&lt;/h2&gt;Book tickets for concerts, conferences and more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8 or more characters, a letter and a digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bundled server is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bundled server could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address is not valid, e.g. http://localhost:3001.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No booking server answers at %1. This computer has one built in: start it to work with its own local database?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the bundled server… (the first start sets up its database and takes a little longer)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatePanel</name>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketBarDelegate</name>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
