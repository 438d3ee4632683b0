#include "WorkerThread.h"

#include <QThread>

WorkerThread::~WorkerThread()
{
    stop();
}

void WorkerThread::start(const QString &name, Job job)
{
    join();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_thread = QThread::create([job = std::move(job), cancelFlag = m_cancel]() { job(cancelFlag); });
    m_thread->setObjectName(name);
    m_thread->start();
}

void WorkerThread::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void WorkerThread::stop()
{
    cancel();
    join();
}

bool WorkerThread::isCancelled() const
{
    return m_cancel && m_cancel->load();
}

void WorkerThread::join()
{
    if (!m_thread)
        return;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}
