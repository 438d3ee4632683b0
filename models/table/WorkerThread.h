#pragma once

#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

// One cancellable background job at a time, for the loader and the exporter: each run gets a
// fresh cancel flag (a finished run's late messages see their own flag, not the next run's).
// The owner calls stop() in its destructor so the job, which uses the owner, ends first.
class WorkerThread
{
public:
    using Job = std::function<void(const std::shared_ptr<std::atomic_bool> &cancelled)>;

    WorkerThread() = default;
    ~WorkerThread();
    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    // Waits for the previous job's thread to end, then runs `job` on a new thread called `name`.
    void start(const QString &name, Job job);
    // Asks the running job to stop; it checks its flag.
    void cancel();
    // Cancels and waits for the thread to end.
    void stop();
    // The current run was cancelled (false before the first run).
    bool isCancelled() const;

private:
    void join();

    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
};
