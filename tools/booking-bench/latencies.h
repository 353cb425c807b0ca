#pragma once

#include <QtGlobal>

#include <algorithm>
#include <vector>

//! Response times of a benchmark, for percentiles.
class Latencies
{
public:
    void add(qint64 nanoseconds)
    {
        m_values.push_back(nanoseconds);
        m_sorted = false;
    }
    qsizetype count() const { return qsizetype(m_values.size()); }
    //! The time that `fraction` (0.5, 0.99) of the responses took at most, in milliseconds.
    double percentileMs(double fraction)
    {
        if (m_values.empty())
            return 0;
        if (!m_sorted)
            std::sort(m_values.begin(), m_values.end());
        m_sorted = true;
        const size_t index
            = std::min(m_values.size() - 1, size_t(fraction * double(m_values.size())));
        return double(m_values[index]) / 1e6;
    }
    double maxMs() { return percentileMs(1.0); }

private:
    std::vector<qint64> m_values;
    bool m_sorted = true;
};
