#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

// Test-side access to the private Secret Service (gnome-keyring) over D-Bus, to look at what
// QtKeychain stored from the outside and to lock and unlock the default collection. It reads
// labels and attributes only, never secret values (test output must not contain secrets).
namespace SecretServiceProbe {

struct Item
{
    QString path;
    QString label;
    QMap<QString, QString> attributes;
};

// Items in any collection whose attributes include all of `attributes`.
QList<Item> search(const QMap<QString, QString> &attributes);

// Lock the default collection (org.freedesktop.Secret.Service.Lock). Empty on success.
QString lockDefaultCollection();
// Unlock it again with the throwaway password from run-isolated.sh (gnome-keyring's
// UnlockWithMasterPassword: Unlock would need a prompt). Empty on success.
QString unlockDefaultCollection();

} // namespace SecretServiceProbe
