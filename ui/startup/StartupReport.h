#pragma once

class QWidget;

// Start-up timing for tests/bench/bench_startup. With CC_REPORT_STARTUP set in the environment, a
// program prints on stdout, as steady-clock nanoseconds (the clock the benchmark reads before it
// starts the process):
//   first-expose-ns=<n>  when its main window's first frame is on screen,
//   ready-ns=<n>         when the work deferred past that frame is done,
// and then quits. Without the variable nothing happens.
namespace StartupReport {
bool requested();
// Reports the window's first expose.
void watch(QWidget *window);
// Reports readiness and quits the application.
void ready();
} // namespace StartupReport
