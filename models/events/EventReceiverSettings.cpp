#include "EventReceiverSettings.h"

#include "core/UrlPolicy.h"

#include <QCoreApplication>
#include <QSettings>

namespace {
const QString kPublicUrlKey = QStringLiteral("events/publicBaseUrl");
}

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
