#pragma once

#include <QIcon>

//! The app's SVG icons (resources/icons).
namespace Icons {

enum Name {
    App,
    Refresh,
    Search,
    SignOut,
    Book,
    Cancel,
    First,
    Previous,
    Next,
    Last,
    Events,
    Bookings,
    Server,
    Warning,
    Success,
    Pending,
    Live,
    Offline
};

QIcon get(Name name);

} // namespace Icons
