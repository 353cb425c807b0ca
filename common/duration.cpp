#include "duration.h"

using namespace std::chrono_literals;

namespace Duration {

std::optional<std::chrono::milliseconds> parse(QStringView text)
{
    text = text.trimmed();
    qsizetype digits = 0;
    while (digits < text.size() && text[digits].isDigit() && text[digits].unicode() < 128)
        ++digits;
    if (digits == 0 || digits > 9)
        return std::nullopt;
    const qint64 amount = text.first(digits).toLongLong();
    const QStringView unit = text.sliced(digits);

    std::chrono::milliseconds scale;
    if (unit.isEmpty() || unit == u"s")
        scale = 1s;
    else if (unit == u"ms")
        scale = 1ms;
    else if (unit == u"m")
        scale = 1min;
    else if (unit == u"h")
        scale = 1h;
    else if (unit == u"d")
        scale = 24h;
    else
        return std::nullopt;
    return amount * scale;
}

} // namespace Duration
