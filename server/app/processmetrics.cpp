#include "processmetrics.h"

#include "http/prometheustext.h"

#include <QDir>
#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

namespace ProcessMetrics {

namespace {

QByteArray readProcFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

//! The fields of /proc/self/stat after the command name (which may hold spaces), so that
//! field N of proc(5) is at index N - 3.
QList<QByteArray> statFields()
{
    const QByteArray stat = readProcFile("/proc/self/stat");
    const qsizetype end = stat.lastIndexOf(')');
    return end < 0 ? QList<QByteArray>() : stat.sliced(end + 2).split(' ');
}

double bootTime()
{
    const QByteArray stat = readProcFile("/proc/stat");
    for (const QByteArray &line : stat.split('\n')) {
        if (line.startsWith("btime "))
            return line.sliced(6).trimmed().toDouble();
    }
    return 0;
}

} // namespace

void write(PrometheusText &out)
{
    const double ticks = double(sysconf(_SC_CLK_TCK));
    const QList<QByteArray> stat = statFields();
    if (stat.size() > 21) {
        out.family("process_cpu_seconds_total", "counter", "User and system CPU time spent.");
        out.sample("process_cpu_seconds_total",
                   (stat[11].toDouble() + stat[12].toDouble()) / ticks); // utime, stime
        out.family("process_start_time_seconds", "gauge",
                   "Start time of the process since the Unix epoch, in seconds.");
        out.sample("process_start_time_seconds", bootTime() + stat[19].toDouble() / ticks);
        out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        out.sample("process_resident_memory_bytes",
                   stat[21].toDouble() * double(sysconf(_SC_PAGESIZE))); // rss, in pages
    }
    out.family("process_open_fds", "gauge", "Open file descriptors.");
    // Less the one the listing itself holds open.
    out.sample("process_open_fds",
               double(QDir(QStringLiteral("/proc/self/fd"))
                          .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                          .size()
                      - 1));
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        out.family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
        out.sample("process_max_fds", double(files.rlim_cur));
    }
}

} // namespace ProcessMetrics
