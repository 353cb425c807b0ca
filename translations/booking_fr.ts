<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>BookingTableModel</name>
    <message>
        <source>Confirmed</source>
        <translation>Confirmée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Booked on</source>
        <translation>Réservée le</translation>
    </message>
    <message>
        <source>The ticket is held while the payment runs, until %1.</source>
        <translation>Le billet est réservé jusqu’à %1 pendant le paiement.</translation>
    </message>
    <message>
        <source>Paying…</source>
        <translation>Paiement en cours…</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expirée</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>Paiement refusé</translation>
    </message>
</context>
<context>
    <name>BookingsPage</name>
    <message>
        <source>Cancel booking…</source>
        <translation>Annuler la réservation…</translation>
    </message>
    <message>
        <source>Booking cancelled: “%1”. The ticket is available again.</source>
        <translation>Réservation annulée : « %1 ». Le billet est de nouveau disponible.</translation>
    </message>
    <message>
        <source>Loading your bookings…</source>
        <translation>Chargement de vos réservations…</translation>
    </message>
    <message>
        <source>You have no bookings yet. Book a ticket on the Events page.</source>
        <translation>Vous n’avez encore aucune réservation. Réservez un billet sur la page Événements.</translation>
    </message>
    <message>
        <source>Cancel booking</source>
        <translation>Annuler la réservation</translation>
    </message>
    <message>
        <source>Cancel your booking for “%1”? The ticket goes back on sale.</source>
        <translation>Annuler votre réservation pour « %1 » ? Le billet sera remis en vente.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Keep booking</source>
        <translation>Garder la réservation</translation>
    </message>
</context>
<context>
    <name>BundledServerPanel</name>
    <message>
        <source>Start the bundled server</source>
        <translation>Démarrer le serveur intégré</translation>
    </message>
    <message>
        <source>The bundled server is running.</source>
        <translation>Le serveur intégré est en marche.</translation>
    </message>
    <message>
        <source>The bundled server cannot be run. Please reinstall the app.</source>
        <translation>Le serveur intégré ne peut pas être lancé. Veuillez réinstaller l’application.</translation>
    </message>
    <message>
        <source>The bundled server cannot use port %1: another program uses it. Type another port in the address, e.g. http://localhost:3002.</source>
        <translation>Le serveur intégré ne peut pas utiliser le port %1 : un autre programme l’utilise. Indiquez un autre port dans l’adresse, par exemple http://localhost:3002.</translation>
    </message>
    <message>
        <source>The bundled server stopped while starting. Its last messages are shown below.</source>
        <translation>Le serveur intégré s’est arrêté pendant son démarrage. Ses derniers messages sont affichés ci-dessous.</translation>
    </message>
    <message>
        <source>No booking server answers at %1. This computer has one built in: start it to work with its own local database?</source>
        <translation>Aucun serveur de réservation ne répond à %1. Cet ordinateur en intègre un : le démarrer pour travailler avec sa propre base de données locale ?</translation>
    </message>
    <message>
        <source>Starting the bundled server… (the first start sets up its database and takes a little longer)</source>
        <translation>Démarrage du serveur intégré… (le premier démarrage crée sa base de données et prend un peu plus de temps)</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Votre session a expiré. Veuillez vous reconnecter.</translation>
    </message>
    <message>
        <source>You have signed out.</source>
        <translation>Vous êtes déconnecté.</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Some of the details are not valid. Please check them.</source>
        <translation>Certaines informations ne sont pas valides. Veuillez les vérifier.</translation>
    </message>
    <message>
        <source>The server sent an answer this app does not understand. Is the address right, and is it up to date?</source>
        <translation>Le serveur a envoyé une réponse que cette application ne comprend pas. L’adresse est-elle correcte et le serveur à jour ?</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Votre session a expiré. Veuillez vous reconnecter.</translation>
    </message>
    <message>
        <source>The email address or the password is wrong.</source>
        <translation>L’adresse e-mail ou le mot de passe est incorrect.</translation>
    </message>
    <message>
        <source>You can only cancel your own bookings.</source>
        <translation>Vous ne pouvez annuler que vos propres réservations.</translation>
    </message>
    <message>
        <source>This event no longer exists.</source>
        <translation>Cet événement n’existe plus.</translation>
    </message>
    <message>
        <source>This booking no longer exists.</source>
        <translation>Cette réservation n’existe plus.</translation>
    </message>
    <message>
        <source>The server does not offer this. Is the address the booking server&apos;s?</source>
        <translation>Le serveur ne propose pas cela. Est-ce bien l’adresse du serveur de réservation ?</translation>
    </message>
    <message>
        <source>An account with this email address exists already. Sign in instead?</source>
        <translation>Un compte existe déjà avec cette adresse e-mail. Voulez-vous plutôt vous connecter ?</translation>
    </message>
    <message>
        <source>Sold out: there are no tickets left for this event.</source>
        <translation>Complet : il n’y a plus de billets pour cet événement.</translation>
    </message>
    <message>
        <source>You have booked this event already.</source>
        <translation>Vous avez déjà réservé cet événement.</translation>
    </message>
    <message>
        <source>This booking was cancelled already.</source>
        <translation>Cette réservation a déjà été annulée.</translation>
    </message>
    <message>
        <source>That is too much text to send.</source>
        <translation>Ce texte est trop long pour être envoyé.</translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a minute and try again.</source>
        <translation>Trop de tentatives. Veuillez patienter une minute puis réessayer.</translation>
    </message>
    <message>
        <source>Something went wrong on the server. Please try again.</source>
        <translation>Une erreur s’est produite sur le serveur. Veuillez réessayer.</translation>
    </message>
    <message>
        <source>The server is busy or restarting. Please try again in a moment.</source>
        <translation>Le serveur est occupé ou redémarre. Veuillez réessayer dans un instant.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and your connection.</source>
        <translation>Le serveur est injoignable. Vérifiez l’adresse et votre connexion.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation>Une erreur s’est produite. Veuillez réessayer.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Obligatoire.</translation>
    </message>
    <message>
        <source>This is not an email address.</source>
        <translation>Ce n’est pas une adresse e-mail.</translation>
    </message>
    <message numerus="yes">
        <source>At least %n character(s).</source>
        <translation>
            <numerusform>Au moins %n caractère.</numerusform>
            <numerusform>Au moins %n caractères.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n character(s).</source>
        <translation>
            <numerusform>Au plus %n caractère.</numerusform>
            <numerusform>Au plus %n caractères.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too long: at most %n bytes (fewer with accents and symbols).</source>
        <translation>
            <numerusform>Trop long : au plus %n octet (moins avec des accents et des symboles).</numerusform>
            <numerusform>Trop long : au plus %n octets (moins avec des accents et des symboles).</numerusform>
        </translation>
    </message>
    <message>
        <source>Use at least one letter and one digit.</source>
        <translation>Utilisez au moins une lettre et un chiffre.</translation>
    </message>
    <message>
        <source>Not valid.</source>
        <translation>Non valide.</translation>
    </message>
    <message>
        <source>The payment was declined, so the ticket was released. You can try again.</source>
        <translation>Le paiement a été refusé, le billet a donc été libéré. Vous pouvez réessayer.</translation>
    </message>
    <message>
        <source>The ticket was held for you, but the payment did not finish in time, so it was released.</source>
        <translation>Le billet vous était réservé, mais le paiement ne s’est pas terminé à temps : il a donc été libéré.</translation>
    </message>
    <message>
        <source>This booking is still being processed. Please wait a moment.</source>
        <translation>Cette réservation est encore en cours de traitement. Veuillez patienter un instant.</translation>
    </message>
    <message>
        <source>This request clashes with an earlier one. Please try again.</source>
        <translation>Cette demande entre en conflit avec une précédente. Veuillez réessayer.</translation>
    </message>
    <message>
        <source>The connection to the server is too slow. Please try again.</source>
        <translation>La connexion au serveur est trop lente. Veuillez réessayer.</translation>
    </message>
    <message>
        <source>The server answered %1.</source>
        <translation>Le serveur a répondu %1.</translation>
    </message>
    <message>
        <source>The server answered %1: %2</source>
        <translation>Le serveur a répondu %1 : %2</translation>
    </message>
    <message>
        <source>The server answered %1 (%2).</source>
        <translation>Le serveur a répondu %1 (%2).</translation>
    </message>
    <message>
        <source>The server answered %1 (%2): %3</source>
        <translation>Le serveur a répondu %1 (%2) : %3</translation>
    </message>
</context>
<context>
    <name>EventDetailsPanel</name>
    <message>
        <source>Select an event to see its details and book a ticket.</source>
        <translation>Sélectionnez un événement pour voir ses détails et réserver un billet.</translation>
    </message>
    <message>
        <source>Book a ticket</source>
        <translation>Réserver un billet</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Quand :</translation>
    </message>
    <message>
        <source>Where:</source>
        <translation>Où :</translation>
    </message>
    <message>
        <source>Price:</source>
        <translation>Prix :</translation>
    </message>
    <message>
        <source>Tickets:</source>
        <translation>Billets :</translation>
    </message>
    <message>
        <source>Sold out (%1 in all)</source>
        <translation>Complet (%1 au total)</translation>
    </message>
    <message>
        <source>%1 of %2 left</source>
        <translation>%1 sur %2 restants</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Réservation…</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Complet</translation>
    </message>
    <message>
        <source>Booked: one ticket for “%1”. Your booking reference is %2.</source>
        <translation>Réservé : un billet pour « %1 ». Votre numéro de réservation est %2.</translation>
    </message>
    <message>
        <source>You have booked this event</source>
        <translation>Vous avez réservé cet événement</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>« %1 » : %2</translation>
    </message>
    <message>
        <source>Paying…</source>
        <translation>Paiement en cours…</translation>
    </message>
    <message>
        <source>Your ticket is held until %1 while the payment runs.</source>
        <translation>Votre billet est réservé jusqu’à %1 pendant le paiement.</translation>
    </message>
    <message>
        <source>Your ticket is held while the payment runs.</source>
        <translation>Votre billet est réservé pendant le paiement.</translation>
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
        <translation>Complet</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) left</source>
        <translation>
            <numerusform>%n billet restant</numerusform>
            <numerusform>%n billets restants</numerusform>
        </translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <source>Tickets left</source>
        <translation>Billets restants</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Search events</source>
        <translation>Rechercher des événements</translation>
    </message>
    <message>
        <source>Loading events…</source>
        <translation>Chargement des événements…</translation>
    </message>
    <message>
        <source>There are no events yet.</source>
        <translation>Il n’y a pas encore d’événements.</translation>
    </message>
    <message>
        <source>No event title contains “%1”.</source>
        <translation>Aucun titre d’événement ne contient « %1 ».</translation>
    </message>
    <message>
        <source>Loading events</source>
        <translation>Chargement des événements</translation>
    </message>
    <message>
        <source>Search events by title (%1)</source>
        <translation>Rechercher des événements par titre (%1)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Event Booking</source>
        <translation>Réservation d’événements</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Événements</translation>
    </message>
    <message>
        <source>&amp;My bookings</source>
        <translation>&amp;Mes réservations</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Load the page again (%1)</source>
        <translation>Recharger la page (%1)</translation>
    </message>
    <message>
        <source>&amp;Search events</source>
        <translation>&amp;Rechercher des événements</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>Sign out (%1)</source>
        <translation>Se déconnecter (%1)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;About Event Booking</source>
        <translation>À &amp;propos de Réservation d’événements</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Afficha&amp;ge</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Barre principale</translation>
    </message>
    <message>
        <source>About Event Booking</source>
        <translation>À propos de Réservation d’événements</translation>
    </message>
    <message>
        <source>&lt;b&gt;Event Booking&lt;/b&gt; %1&lt;br&gt;Book tickets for events; ticket counts update live.</source>
        <translation>&lt;b&gt;Réservation d’événements&lt;/b&gt; %1&lt;br&gt;Réservez des billets pour des événements ; le nombre de places se met à jour en direct.</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Connecté en tant que %1</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Ticket counts update as they change.</source>
        <translation>Le nombre de billets se met à jour dès qu’il change.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconnexion…</translation>
    </message>
    <message>
        <source>The live connection was lost; ticket counts may be out of date until it is back.</source>
        <translation>La connexion en direct est perdue ; le nombre de billets peut être obsolète jusqu’à son rétablissement.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
</context>
<context>
    <name>PaginationBar</name>
    <message>
        <source>First page</source>
        <translation>Première page</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Page précédente</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Page suivante</translation>
    </message>
    <message>
        <source>Last page</source>
        <translation>Dernière page</translation>
    </message>
    <message>
        <source>%1 per page</source>
        <translation>%1 par page</translation>
    </message>
    <message>
        <source>Events per page</source>
        <translation>Événements par page</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Page %1 sur %2</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n événement</numerusform>
            <numerusform>%n événements</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInForm</name>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Créer un compte</translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation>vous@exemple.fr</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>E-mail :</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Votre nom</translation>
    </message>
    <message>
        <source>8 or more characters, a letter and a digit</source>
        <translation>8 caractères ou plus, une lettre et un chiffre</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>This address has an account already: sign in instead, or use another address.</source>
        <translation>Cette adresse a déjà un compte : connectez-vous plutôt, ou utilisez une autre adresse.</translation>
    </message>
    <message>
        <source>The server does not accept this.</source>
        <translation>Le serveur n’accepte pas cette valeur.</translation>
    </message>
</context>
<context>
    <name>SignInWindow</name>
    <message>
        <source>Sign in – Event Booking</source>
        <translation>Connexion – Réservation d’événements</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Event Booking&lt;/h2&gt;Book tickets for concerts, conferences and more.</source>
        <translation>&lt;h2&gt;Réservation d’événements&lt;/h2&gt;Réservez des billets pour des concerts, des conférences et plus encore.</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Serveur :</translation>
    </message>
    <message>
        <source>The server address is not valid, e.g. http://localhost:3001.</source>
        <translation>L’adresse du serveur n’est pas valide, par exemple http://localhost:3001.</translation>
    </message>
</context>
<context>
    <name>StatePanel</name>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
</context>
<context>
    <name>TicketBarDelegate</name>
    <message>
        <source>Sold out</source>
        <translation>Complet</translation>
    </message>
</context>
</TS>
