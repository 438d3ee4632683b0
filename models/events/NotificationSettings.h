#pragma once

#include "events/Notification.h"

// Which kinds of notification the operator wants (Settings → Notifications): one switch per
// switchable kind, on by default, kept in the settings group "notifications" (no secrets).
namespace NotificationSettings {
// Other is always on.
bool isEnabled(NotificationKind kind);
void setEnabled(NotificationKind kind, bool enabled);
} // namespace NotificationSettings
