#include "icons.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace Icons {

QIcon get(Name name)
{
    static const QHash<Name, QString> files{
        {App, u"app"_s},          {Refresh, u"refresh"_s},   {Search, u"search"_s},
        {SignOut, u"sign-out"_s}, {Book, u"book"_s},         {Cancel, u"cancel"_s},
        {First, u"first"_s},      {Previous, u"previous"_s}, {Next, u"next"_s},
        {Last, u"last"_s},        {Events, u"events"_s},     {Bookings, u"bookings"_s},
        {Server, u"server"_s},    {Warning, u"warning"_s},   {Success, u"success"_s},
        {Pending, u"pending"_s},  {Live, u"live"_s},         {Offline, u"offline"_s},
    };
    return QIcon(u":/icons/"_s + files.value(name) + u".svg"_s);
}

} // namespace Icons
