#include "NotificationSettings.h"

#include <QSettings>

namespace {
QString keyOf(NotificationKind kind)
{
    return QStringLiteral("notifications/") + NotificationKinds::id(kind);
}
} // namespace

bool NotificationSettings::isEnabled(NotificationKind kind)
{
    if (!NotificationKinds::switchable().contains(kind))
        return true;
    return QSettings().value(keyOf(kind), true).toBool();
}

void NotificationSettings::setEnabled(NotificationKind kind, bool enabled)
{
    if (NotificationKinds::switchable().contains(kind))
        QSettings().setValue(keyOf(kind), enabled);
}
