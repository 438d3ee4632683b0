#pragma once

#include <QList>
#include <QObject>

#include <functional>

class QWidget;

// Runs the work a window's first frame does not need after that frame (FirstExpose): one step per
// event-loop turn, so input and repaints get their turn between steps, in the order added.
class AfterFirstFrame : public QObject
{
    Q_OBJECT
public:
    // Watches `window`, which owns this object; create it before the window is shown.
    explicit AfterFirstFrame(QWidget *window);

    // Queues a step; steps added from a firstFrame() slot go after those added before.
    void add(std::function<void()> step);
    bool hasFrame() const { return m_frame; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    // The first frame is on screen; no step has run yet.
    void firstFrame();
    // Every step has run.
    void finished();

private:
    void runNext();

    QList<std::function<void()>> m_steps;
    bool m_frame = false;
    bool m_finished = false;
};
