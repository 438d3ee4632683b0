#include "EventReceiverSettings.h"

#include "core/UrlPolicy.h"
#include "events/WebhookIngest.h"
#include "webhooks/WebhookReceiver.h"

#include <QCoreApplication>
#include <QSettings>

namespace {
const QString kPublicUrlKey = QStringLiteral("events/publicBaseUrl");
const QString kEnabledKey = QStringLiteral("events/receiverEnabled");
const QString kBindAddressKey = QStringLiteral("events/bindAddress");
const QString kPortKey = QStringLiteral("events/port");
const QString kSchemeKey = QStringLiteral("events/outreach2dayScheme");
} // namespace

EventReceiverSettings::EventReceiverSettings(const QProcessEnvironment &environment)
    : m_environment(environment)
{ }

QUrl EventReceiverSettings::configured() const
{
    const QString fromEnvironment = m_environment.value(publicUrlVariable()).trimmed();
    if (!fromEnvironment.isEmpty())
        return QUrl(fromEnvironment);
    return QUrl(QSettings().value(kPublicUrlKey).toString().trimmed());
}

QUrl EventReceiverSettings::publicBaseUrl() const
{
    const QUrl url = configured();
    return urlProblem(url).isEmpty() ? url : QUrl();
}

QString EventReceiverSettings::problem() const
{
    return urlProblem(configured());
}

void EventReceiverSettings::setPublicBaseUrl(const QUrl &url)
{
    QSettings settings;
    if (url.isEmpty())
        settings.remove(kPublicUrlKey);
    else
        settings.setValue(kPublicUrlKey, url.toString());
}

QString EventReceiverSettings::storedPublicBaseUrl() const
{
    return QSettings().value(kPublicUrlKey).toString().trimmed();
}

QString EventReceiverSettings::urlProblem(const QUrl &url)
{
    if (url.isEmpty())
        return {};
    const bool https = url.scheme() == QLatin1String("https");
    const bool loopback = url.scheme() == QLatin1String("http") && UrlPolicy::isLoopbackHost(url.host());
    if (!url.isValid() || url.host().isEmpty() || !(https || loopback))
        return QCoreApplication::translate("EventReceiverSettings",
                                           "The receiver's public URL must be an https:// address (plain "
                                           "http only on this computer).");
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return QCoreApplication::translate("EventReceiverSettings",
                                           "The receiver's public URL must not carry a user name, password, "
                                           "query or fragment.");
    return {};
}

bool EventReceiverSettings::isReceiverEnabled() const
{
    return QSettings().value(kEnabledKey, false).toBool();
}

void EventReceiverSettings::setReceiverEnabled(bool enabled)
{
    QSettings().setValue(kEnabledKey, enabled);
}

QHostAddress EventReceiverSettings::bindAddress() const
{
    QHostAddress address;
    if (!address.setAddress(QSettings().value(kBindAddressKey).toString().trimmed()))
        return QHostAddress(QHostAddress::LocalHost);
    return address;
}

void EventReceiverSettings::setBindAddress(const QHostAddress &address)
{
    QSettings().setValue(kBindAddressKey, address.toString());
}

quint16 EventReceiverSettings::port() const
{
    bool ok = false;
    const uint port = QSettings().value(kPortKey, WebhookReceiver::kDefaultPort).toUInt(&ok);
    return ok && port <= 65535 ? quint16(port) : WebhookReceiver::kDefaultPort;
}

void EventReceiverSettings::setPort(quint16 port)
{
    QSettings().setValue(kPortKey, port);
}

QString EventReceiverSettings::outreach2dayScheme() const
{
    const QString id = QSettings().value(kSchemeKey).toString();
    return WebhookIngest::schemeFromId(id)
            ? id
            : WebhookIngest::schemeId(WebhookIngest::Outreach2dayScheme::StandardWebhooks);
}

void EventReceiverSettings::setOutreach2dayScheme(const QString &schemeId)
{
    QSettings().setValue(kSchemeKey, schemeId);
}
