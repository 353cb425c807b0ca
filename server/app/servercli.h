#pragma once

class QCoreApplication;

//! booking-server's command line: `serve`, `migrate`, `seed`. Returns the exit code.
namespace ServerCli {

int run(QCoreApplication &app);

} // namespace ServerCli
