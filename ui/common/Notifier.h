#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QStatusBar;
class QSystemTrayIcon;
class QWidget;

// Desktop notifications for finished work (a job done, an export written, a call placed). Uses the
// system tray's messages where there is a tray; otherwise the window's status bar, and asks the
// window manager to flag the window.
class Notifier : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Information, Warning, Error };

    Notifier(QWidget *window, QStatusBar *fallback, QObject *parent = nullptr);

    void notify(const QString &title, const QString &message, Kind kind = Kind::Information);
    bool usesSystemTray() const;

Q_SIGNALS:
    // Every notification, whatever showed it (tests, a future notification history).
    void notified(const QString &title, const QString &message, Notifier::Kind kind);

private:
    QPointer<QWidget> m_window;
    QPointer<QStatusBar> m_fallback;
    QSystemTrayIcon *m_tray = nullptr;
};
