#pragma once

#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;
class QWindow;

// Calls back once, right after a top-level widget's first frame is on screen: its window's first
// QEvent::Expose has been delivered (which paints and flushes that frame). Work the first frame
// does not need waits for this, so the window appears as soon as a bare one would.
//
//     FirstExpose::watch(window, window, [window] { buildTheRest(window); });
//
// Watch before the widget is shown (or at the latest in its showEvent): the platform delivers the
// expose later, from the event loop.
class FirstExpose : public QObject
{
    Q_OBJECT
public:
    // `context` ends the watch when it goes; the watcher deletes itself once it has called back.
    static void watch(QWidget *window, QObject *context, std::function<void()> callback);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    FirstExpose(QWidget *window, QObject *context, std::function<void()> callback);
    void watchWindowHandle();

    QPointer<QWidget> m_widget;
    QPointer<QWindow> m_window;
    std::function<void()> m_callback;
};
