#include "KeychainStatus.h"

#include "core/Logging.h"

#include <QtGlobal>

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
#define CC_KEYCHAIN_PROBE_DBUS 1
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#endif

#ifdef CC_KEYCHAIN_PROBE_DBUS
namespace {

const QString kSecretsService = QStringLiteral("org.freedesktop.secrets");
const QString kSecretsPath = QStringLiteral("/org/freedesktop/secrets");
// Short: the probe runs on the GUI thread after a keychain operation failed.
constexpr int kCallTimeoutMs = 3000;
// Starting a D-Bus activatable Secret Service can take a moment.
constexpr int kActivationTimeoutMs = 10000;

bool nameHasOwner(const QDBusConnection &bus, const QString &name)
{
    const QDBusReply<bool> reply = bus.interface()->isServiceRegistered(name);
    return reply.isValid() && reply.value();
}

bool isActivatable(const QDBusConnection &bus, const QString &name)
{
    const QDBusReply<QStringList> reply = bus.interface()->activatableServiceNames();
    return reply.isValid() && reply.value().contains(name);
}

// QtKeychain 0.13 prefers KWallet over the Secret Service on a KDE session.
bool isKdeSession()
{
    return qgetenv("XDG_CURRENT_DESKTOP") == "KDE" || qgetenv("DESKTOP_SESSION") == "kde" ||
            !qgetenv("KDE_FULL_SESSION").isEmpty();
}

} // namespace

KeychainState probeKeychain()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        qCInfo(lcCredentials) << "keychain probe: no D-Bus session bus";
        return KeychainState::NoSecretService;
    }

    if (isKdeSession() &&
        (nameHasOwner(bus, QStringLiteral("org.kde.kwalletd6")) ||
         nameHasOwner(bus, QStringLiteral("org.kde.kwalletd5")))) {
        // KWallet opens (and unlocks) the wallet itself, with its own prompt.
        return KeychainState::Available;
    }

    if (!nameHasOwner(bus, kSecretsService) && !isActivatable(bus, kSecretsService)) {
        qCInfo(lcCredentials) << "keychain probe: nothing provides" << kSecretsService;
        return KeychainState::NoSecretService;
    }

    // Which collection is the default? (This call also starts an activatable service.)
    QDBusMessage readAlias = QDBusMessage::createMethodCall(kSecretsService, kSecretsPath,
                                                            QStringLiteral("org.freedesktop.Secret.Service"),
                                                            QStringLiteral("ReadAlias"));
    readAlias << QStringLiteral("default");
    const QDBusMessage aliasReply = bus.call(readAlias, QDBus::Block, kActivationTimeoutMs);
    if (aliasReply.type() != QDBusMessage::ReplyMessage || aliasReply.arguments().isEmpty()) {
        qCInfo(lcCredentials) << "keychain probe: ReadAlias failed:" << aliasReply.errorName();
        if (aliasReply.errorName() == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown") ||
            aliasReply.errorName() == QLatin1String("org.freedesktop.DBus.Error.Spawn.ChildExited") ||
            aliasReply.errorName() == QLatin1String("org.freedesktop.DBus.Error.NoReply"))
            return KeychainState::NoSecretService;
        return KeychainState::Unknown;
    }
    const QString collection = aliasReply.arguments().constFirst().value<QDBusObjectPath>().path();
    if (collection.isEmpty() || collection == QLatin1String("/"))
        return KeychainState::NoDefaultCollection;

    QDBusMessage getLocked = QDBusMessage::createMethodCall(kSecretsService, collection,
                                                            QStringLiteral("org.freedesktop.DBus.Properties"),
                                                            QStringLiteral("Get"));
    getLocked << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusMessage lockedReply = bus.call(getLocked, QDBus::Block, kCallTimeoutMs);
    if (lockedReply.type() != QDBusMessage::ReplyMessage || lockedReply.arguments().isEmpty()) {
        qCInfo(lcCredentials) << "keychain probe: reading Locked failed:" << lockedReply.errorName();
        return KeychainState::Unknown;
    }
    const QVariant locked = lockedReply.arguments().constFirst().value<QDBusVariant>().variant();
    if (locked.typeId() != QMetaType::Bool)
        return KeychainState::Unknown;
    return locked.toBool() ? KeychainState::Locked : KeychainState::Available;
}

#else

KeychainState probeKeychain()
{
    // macOS Keychain, Windows Credential Manager, Android: always there; QtKeychain's own errors
    // are specific enough.
    return KeychainState::Available;
}

#endif

QString explain(KeychainState state)
{
    switch (state) {
    case KeychainState::Available:
        return QStringLiteral("The keychain is ready.");
    case KeychainState::Locked:
        return QStringLiteral(
                "Your keyring is locked. Unlock it (for example in Passwords and Keys, or by logging "
                "out and in again) and try again.");
    case KeychainState::NoSecretService:
        return QStringLiteral(
                "No keychain service is running, so credentials can be neither stored nor read. Install "
                "and start a Secret Service such as GNOME Keyring or KWallet, then try again. (The "
                "console never keeps keys in a plain file; scripts can pass them in environment "
                "variables instead.)");
    case KeychainState::NoDefaultCollection:
        return QStringLiteral(
                "Your keychain service has no default keyring to store credentials in. Create one (for "
                "example in Passwords and Keys) and make it the default, then try again.");
    case KeychainState::Unknown:
        break;
    }
    return QStringLiteral(
            "The keychain answered in an unexpected way. Make sure a Secret Service such as GNOME Keyring "
            "or KWallet is running and unlocked, then try again.");
}

QString keychainStateId(KeychainState state)
{
    switch (state) {
    case KeychainState::Available:
        return QStringLiteral("available");
    case KeychainState::Locked:
        return QStringLiteral("locked");
    case KeychainState::NoSecretService:
        return QStringLiteral("no_secret_service");
    case KeychainState::NoDefaultCollection:
        return QStringLiteral("no_default_collection");
    case KeychainState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}
