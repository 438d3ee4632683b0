#include "Notifier.h"

#include "events/NotificationSettings.h"

#include <QApplication>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QWidget>

#include <algorithm>

namespace {
const int FallbackMessageMs = 10'000;
}

Notifier::Notifier(QWidget *window, QStatusBar *fallback, QObject *parent)
    : QObject(parent), m_window(window), m_fallback(fallback)
{ }

bool Notifier::usesSystemTray() const
{
    return QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages();
}

void Notifier::notify(const QString &title, const QString &message, Notification::Severity severity)
{
    Notification notification;
    notification.title = title;
    notification.message = message;
    notification.severity = severity;
    notify(notification);
}

bool Notifier::notify(const Notification &notification)
{
    if (!NotificationSettings::isEnabled(notification.kind))
        return false;
    if (!notification.facts.isEmpty()) {
        if (std::all_of(notification.facts.cbegin(), notification.facts.cend(),
                        [this](const QString &fact) { return m_facts.contains(fact); }))
            return false;
        for (const QString &fact : notification.facts)
            m_facts.insert(fact);
    }
    show(notification);
    Q_EMIT notified(notification);
    return true;
}

void Notifier::show(const Notification &notification)
{
    if (!usesSystemTray()) {
        if (m_fallback)
            m_fallback->showMessage(notification.title + QStringLiteral(": ") + notification.message,
                                    FallbackMessageMs);
        if (m_window)
            QApplication::alert(m_window);
        return;
    }
    if (!m_tray) {
        // Shown on the first notification only: no tray icon for people who never get one.
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(QApplication::applicationDisplayName());
        connect(m_tray, &QSystemTrayIcon::activated, this, &Notifier::raiseWindow);
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] { activate(m_shownTarget); });
        m_tray->show();
    }
    const QSystemTrayIcon::MessageIcon icon = notification.severity == Notification::Severity::Error
            ? QSystemTrayIcon::Critical
            : notification.severity == Notification::Severity::Warning ? QSystemTrayIcon::Warning
                                                                       : QSystemTrayIcon::Information;
    m_shownTarget = notification.target;
    m_tray->showMessage(notification.title, notification.message, icon);
}

void Notifier::activate(const NotificationTarget &target)
{
    raiseWindow();
    if (target.isValid())
        Q_EMIT activated(target);
}

void Notifier::raiseWindow()
{
    if (m_window) {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    }
}
