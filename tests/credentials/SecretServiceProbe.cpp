#include "SecretServiceProbe.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>

namespace {

const QString kService = QStringLiteral("org.freedesktop.secrets");
const QString kServicePath = QStringLiteral("/org/freedesktop/secrets");
const QString kServiceInterface = QStringLiteral("org.freedesktop.Secret.Service");

// org.freedesktop.Secret.Secret: (oayays)
struct Secret
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument &operator<<(QDBusArgument &argument, const Secret &secret)
{
    argument.beginStructure();
    argument << secret.session << secret.parameters << secret.value << secret.contentType;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, Secret &secret)
{
    argument.beginStructure();
    argument >> secret.session >> secret.parameters >> secret.value >> secret.contentType;
    argument.endStructure();
    return argument;
}

} // namespace

Q_DECLARE_METATYPE(Secret)

namespace SecretServiceProbe {

namespace {

QDBusMessage call(const QString &path, const QString &interface, const QString &method,
                  const QVariantList &args)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(args);
    return QDBusConnection::sessionBus().call(message);
}

QVariant property(const QString &path, const QString &interface, const QString &name)
{
    const QDBusMessage reply = call(path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                    QStringLiteral("Get"), {interface, name});
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return {};
    return reply.arguments().constFirst().value<QDBusVariant>().variant();
}

QString defaultCollection()
{
    const QDBusMessage reply =
            call(kServicePath, kServiceInterface, QStringLiteral("ReadAlias"), {QStringLiteral("default")});
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return {};
    return reply.arguments().constFirst().value<QDBusObjectPath>().path();
}

QList<QDBusObjectPath> objectPaths(const QVariant &value)
{
    QList<QDBusObjectPath> paths;
    value.value<QDBusArgument>() >> paths;
    return paths;
}

} // namespace

QList<Item> search(const QMap<QString, QString> &attributes)
{
    qDBusRegisterMetaType<QMap<QString, QString>>(); // a{ss}
    const QDBusMessage reply = call(kServicePath, kServiceInterface, QStringLiteral("SearchItems"),
                                    {QVariant::fromValue(attributes)});
    QList<Item> items;
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2) {
        qWarning("SearchItems failed: %s", qPrintable(reply.errorMessage()));
        return items;
    }
    // (unlocked, locked): both count; a locked item's label and attributes are still readable.
    const QList<QDBusObjectPath> paths =
            objectPaths(reply.arguments().at(0)) + objectPaths(reply.arguments().at(1));
    for (const QDBusObjectPath &path : paths) {
        Item item;
        item.path = path.path();
        item.label =
                property(item.path, QStringLiteral("org.freedesktop.Secret.Item"), QStringLiteral("Label"))
                        .toString();
        const QVariant attrs = property(item.path, QStringLiteral("org.freedesktop.Secret.Item"),
                                        QStringLiteral("Attributes"));
        attrs.value<QDBusArgument>() >> item.attributes;
        items.append(item);
    }
    return items;
}

QString lockDefaultCollection()
{
    const QString collection = defaultCollection();
    if (collection.isEmpty())
        return QStringLiteral("no default collection");
    const QDBusMessage reply =
            call(kServicePath, kServiceInterface, QStringLiteral("Lock"),
                 {QVariant::fromValue(QList<QDBusObjectPath>{QDBusObjectPath(collection)})});
    if (reply.type() != QDBusMessage::ReplyMessage)
        return reply.errorMessage();
    if (!property(collection, QStringLiteral("org.freedesktop.Secret.Collection"), QStringLiteral("Locked"))
                 .toBool())
        return QStringLiteral("Lock returned but the collection is not locked");
    return {};
}

QString unlockDefaultCollection()
{
    qDBusRegisterMetaType<Secret>();
    const QString collection = defaultCollection();
    if (collection.isEmpty())
        return QStringLiteral("no default collection");
    const QDBusMessage session =
            call(kServicePath, kServiceInterface, QStringLiteral("OpenSession"),
                 {QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString()))});
    if (session.type() != QDBusMessage::ReplyMessage || session.arguments().size() != 2)
        return session.errorMessage();
    Secret master;
    master.session = session.arguments().at(1).value<QDBusObjectPath>();
    master.value = qgetenv("CC_SECRET_SERVICE_PASSWORD");
    master.contentType = QStringLiteral("text/plain");
    const QDBusMessage reply =
            call(kServicePath, QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
                 QStringLiteral("UnlockWithMasterPassword"),
                 {QVariant::fromValue(QDBusObjectPath(collection)), QVariant::fromValue(master)});
    call(master.session.path(), QStringLiteral("org.freedesktop.Secret.Session"), QStringLiteral("Close"),
         {});
    if (reply.type() != QDBusMessage::ReplyMessage)
        return reply.errorMessage();
    if (property(collection, QStringLiteral("org.freedesktop.Secret.Collection"), QStringLiteral("Locked"))
                .toBool())
        return QStringLiteral("UnlockWithMasterPassword returned but the collection is still locked");
    return {};
}

} // namespace SecretServiceProbe
