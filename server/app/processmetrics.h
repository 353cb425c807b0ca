#pragma once

class PrometheusText;

//! The process families every Prometheus client library exports, from /proc:
//! process_resident_memory_bytes, process_open_fds, process_max_fds,
//! process_cpu_seconds_total and process_start_time_seconds.
namespace ProcessMetrics {

void write(PrometheusText &out);

} // namespace ProcessMetrics
