#pragma once

#include "events/Notification.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

class QStatusBar;
class QSystemTrayIcon;
class QWidget;

// Desktop notifications: the system tray's messages where there is a tray; otherwise the window's
// status bar, and the window manager is asked to flag the window. Each notification has a kind
// (a kind switched off in Settings is not shown) and a target: clicking the tray message
// activates it (activated(), which MainWindow opens). A fact already notified — one reply seen by
// the webhook and by the live feed — is not notified again.
class Notifier : public QObject
{
    Q_OBJECT
public:
    Notifier(QWidget *window, QStatusBar *fallback, QObject *parent = nullptr);

    // True when shown; false when its kind is switched off or each of its facts was notified
    // already.
    bool notify(const Notification &notification);
    // A notification of kind Other with nothing to open (an export written, a failure).
    void notify(const QString &title, const QString &message,
                Notification::Severity severity = Notification::Severity::Information);
    // Whether a notification of `fact` was shown (a source that bundles several facts in one
    // message leaves out those already told).
    bool wasNotified(const QString &fact) const { return m_facts.contains(fact); }
    bool usesSystemTray() const;

    // What clicking a notification does (the tray's messageClicked calls it with the target of
    // the message it shows): brings the window up and emits activated().
    void activate(const NotificationTarget &target);

Q_SIGNALS:
    // Every notification shown, whatever showed it (tests, a future notification history).
    void notified(const Notification &notification);
    // The operator clicked a notification about `target`.
    void activated(const NotificationTarget &target);

private:
    void raiseWindow();
    void show(const Notification &notification);

    QPointer<QWidget> m_window;
    QPointer<QStatusBar> m_fallback;
    QSystemTrayIcon *m_tray = nullptr;
    NotificationTarget m_shownTarget; // the tray shows one message at a time: the last one's
    QSet<QString> m_facts;
};
