#include "Notification.h"

#include <QCoreApplication>

QList<NotificationKind> NotificationKinds::switchable()
{
    return {NotificationKind::TransferToHuman, NotificationKind::InterestedReply,
            NotificationKind::LowBalance, NotificationKind::LeadJobFinished};
}

QString NotificationKinds::id(NotificationKind kind)
{
    switch (kind) {
    case NotificationKind::TransferToHuman:
        return QStringLiteral("transfer");
    case NotificationKind::InterestedReply:
        return QStringLiteral("interestedReply");
    case NotificationKind::LowBalance:
        return QStringLiteral("lowBalance");
    case NotificationKind::LeadJobFinished:
        return QStringLiteral("leadJobFinished");
    case NotificationKind::Other:
        break;
    }
    return QStringLiteral("other");
}

QString NotificationKinds::displayName(NotificationKind kind)
{
    switch (kind) {
    case NotificationKind::TransferToHuman:
        return QCoreApplication::translate("NotificationKinds", "A call transferred to a human");
    case NotificationKind::InterestedReply:
        return QCoreApplication::translate("NotificationKinds", "An interested reply");
    case NotificationKind::LowBalance:
        return QCoreApplication::translate("NotificationKinds", "Low UnlimCall balance");
    case NotificationKind::LeadJobFinished:
        return QCoreApplication::translate("NotificationKinds", "A lead job finished");
    case NotificationKind::Other:
        break;
    }
    return QCoreApplication::translate("NotificationKinds", "Other");
}
