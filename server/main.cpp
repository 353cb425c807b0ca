#include "app/logging.h"
#include "app/servercli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("booking-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BOOKING_VERSION));
    Logging::install();
    return ServerCli::run(app);
}
