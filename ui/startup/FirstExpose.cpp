#include "FirstExpose.h"

#include <QCoreApplication>
#include <QEvent>
#include <QWidget>
#include <QWindow>

void FirstExpose::watch(QWidget *window, QObject *context, std::function<void()> callback)
{
    new FirstExpose(window, context, std::move(callback));
}

FirstExpose::FirstExpose(QWidget *window, QObject *context, std::function<void()> callback)
    : QObject(context), m_widget(window), m_callback(std::move(callback))
{
    if (window->windowHandle())
        watchWindowHandle();
    else
        window->installEventFilter(this); // its QWindow exists from the show event on
}

void FirstExpose::watchWindowHandle()
{
    m_window = m_widget->windowHandle();
    m_window->installEventFilter(this);
}

bool FirstExpose::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_widget && event->type() == QEvent::Show && !m_window) {
        m_widget->removeEventFilter(this);
        watchWindowHandle();
    } else if (watched == m_window && event->type() == QEvent::Expose && m_window->isExposed()) {
        // Deliver the expose first (it paints the frame), then call back: what runs here is
        // after the first frame, never inside it.
        m_window->removeEventFilter(this);
        QCoreApplication::sendEvent(m_window, event);
        const std::function<void()> callback = std::move(m_callback);
        deleteLater();
        if (callback)
            callback();
        return true;
    }
    return QObject::eventFilter(watched, event);
}
