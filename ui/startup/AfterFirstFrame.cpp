#include "AfterFirstFrame.h"

#include "FirstExpose.h"

#include <QTimer>
#include <QWidget>

AfterFirstFrame::AfterFirstFrame(QWidget *window) : QObject(window)
{
    FirstExpose::watch(window, this, [this] {
        m_frame = true;
        Q_EMIT firstFrame();
        QTimer::singleShot(0, this, &AfterFirstFrame::runNext);
    });
}

void AfterFirstFrame::add(std::function<void()> step)
{
    m_steps.append(std::move(step));
}

void AfterFirstFrame::runNext()
{
    if (m_steps.isEmpty()) {
        m_finished = true;
        Q_EMIT finished();
        return;
    }
    const std::function<void()> step = m_steps.takeFirst();
    step();
    QTimer::singleShot(0, this, &AfterFirstFrame::runNext);
}
