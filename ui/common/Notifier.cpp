#include "Notifier.h"

#include <QApplication>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QWidget>

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

void Notifier::notify(const QString &title, const QString &message, Kind kind)
{
    if (usesSystemTray()) {
        if (!m_tray) {
            // Shown on the first notification only: no tray icon for people who never get one.
            m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            m_tray->setToolTip(QApplication::applicationDisplayName());
            connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
                if (m_window) {
                    m_window->showNormal();
                    m_window->raise();
                    m_window->activateWindow();
                }
            });
            m_tray->show();
        }
        const QSystemTrayIcon::MessageIcon icon = kind == Kind::Error ? QSystemTrayIcon::Critical
                : kind == Kind::Warning                               ? QSystemTrayIcon::Warning
                                                                      : QSystemTrayIcon::Information;
        m_tray->showMessage(title, message, icon);
    } else {
        if (m_fallback)
            m_fallback->showMessage(title + QStringLiteral(": ") + message, FallbackMessageMs);
        if (m_window)
            QApplication::alert(m_window);
    }
    Q_EMIT notified(title, message, kind);
}
