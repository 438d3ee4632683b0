#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// The kinds of desktop notification. The first four are the events an operator acts on, each
// switchable in Settings (NotificationSettings); Other (an export written, stats read, a failure
// to report) is always shown.
enum class NotificationKind { TransferToHuman, InterestedReply, LowBalance, LeadJobFinished, Other };

namespace NotificationKinds {
// The kinds Settings offers a switch for, in the order it shows them.
QList<NotificationKind> switchable();
// Stable id: the settings key and the Settings widget's object name ("transfer", ...).
QString id(NotificationKind kind);
// "Transfer to a human", ... (translated).
QString displayName(NotificationKind kind);
} // namespace NotificationKinds

// What clicking a notification opens: a page and, on it, what the notification is about — the
// lead where the console knows it, else the call, the reply or the lead job.
struct NotificationTarget
{
    enum class Subject { None, Lead, Call, Reply, Job };

    QString pageId; // Pages::all() id: "leads", "calls", "email"; empty: nothing to open
    Subject subject = Subject::None;
    QString id; // the lead id, call id, reply thread id or job id (may be empty for Reply/Call)
    // The number or address it concerns: finds the call or the reply when no id is known.
    QString contact;

    bool isValid() const { return !pageId.isEmpty(); }
    bool operator==(const NotificationTarget &other) const
    {
        return pageId == other.pageId && subject == other.subject && id == other.id &&
                contact == other.contact;
    }
};
Q_DECLARE_METATYPE(NotificationTarget)

// One notification as the Notifier gets it.
struct Notification
{
    enum class Severity { Information, Warning, Error };

    NotificationKind kind = NotificationKind::Other;
    NotificationTarget target;
    QString title;
    QString message;
    Severity severity = Severity::Information;
    // The facts it reports ("reply:cmp_1:ann@example.com", "transfer:<call id>"): a notification
    // whose every fact was notified already, by whichever source saw it, is not shown.
    QStringList facts;
};
Q_DECLARE_METATYPE(Notification)
