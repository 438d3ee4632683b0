#include "ConnectionMonitor.h"

#include "core/VendorClient.h"

#include <QNetworkInformation>

namespace ConnectionStates {

QString id(ConnectionState state)
{
    switch (state) {
    case ConnectionState::NotConfigured:
        return QStringLiteral("not_configured");
    case ConnectionState::Untested:
        return QStringLiteral("untested");
    case ConnectionState::Connected:
        return QStringLiteral("connected");
    case ConnectionState::AuthFailed:
        return QStringLiteral("auth_failed");
    case ConnectionState::Unreachable:
        return QStringLiteral("unreachable");
    case ConnectionState::Offline:
        return QStringLiteral("offline");
    }
    Q_UNREACHABLE();
}

QString displayName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::NotConfigured:
        return QStringLiteral("Not configured");
    case ConnectionState::Untested:
        return QStringLiteral("Not checked yet");
    case ConnectionState::Connected:
        return QStringLiteral("Connected");
    case ConnectionState::AuthFailed:
        return QStringLiteral("Authentication failed");
    case ConnectionState::Unreachable:
        return QStringLiteral("Unreachable");
    case ConnectionState::Offline:
        return QStringLiteral("Offline");
    }
    Q_UNREACHABLE();
}

} // namespace ConnectionStates

ConnectionMonitor::ConnectionMonitor(QObject *parent) : QObject(parent)
{
    for (Vendor vendor : Vendors::all())
        m_states.insert(vendor, ConnectionState::NotConfigured);
}

void ConnectionMonitor::watch(VendorClient *client)
{
    const Vendor vendor = client->vendor();
    connect(client, &VendorClient::reachabilityChanged, this,
            [this, vendor](bool, const ApiError &error) { record(vendor, error); });
}

ConnectionState ConnectionMonitor::state(Vendor vendor) const
{
    return m_states.value(vendor, ConnectionState::NotConfigured);
}

QString ConnectionMonitor::detail(Vendor vendor) const
{
    return m_details.value(vendor);
}

void ConnectionMonitor::setConfigured(Vendor vendor, bool configured, const QString &detail)
{
    if (configured)
        set(vendor, ConnectionState::Untested, detail);
    else
        set(vendor, ConnectionState::NotConfigured, detail);
}

void ConnectionMonitor::record(Vendor vendor, const ApiError &error)
{
    if (!error.isError()) {
        set(vendor, ConnectionState::Connected, {});
        return;
    }
    if (error.isAuthFailure()) {
        set(vendor, ConnectionState::AuthFailed, error.explanation);
        return;
    }
    switch (error.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Redirect:
    case ApiError::Kind::UrlRefused:
        set(vendor, systemOffline() ? ConnectionState::Offline : ConnectionState::Unreachable,
            error.explanation);
        return;
    case ApiError::Kind::NotConfigured:
        set(vendor, ConnectionState::NotConfigured, error.explanation);
        return;
    case ApiError::Kind::Vendor:
        // The vendor answered and accepted who we are; the error is about the request.
        set(vendor, ConnectionState::Connected, {});
        return;
    case ApiError::Kind::None:
    case ApiError::Kind::Malformed:
    case ApiError::Kind::Cancelled:
    case ApiError::Kind::Local:
        return; // says nothing about the connection
    }
}

void ConnectionMonitor::set(Vendor vendor, ConnectionState state, const QString &detail)
{
    if (m_states.value(vendor) == state && m_details.value(vendor) == detail)
        return;
    m_states.insert(vendor, state);
    m_details.insert(vendor, detail);
    Q_EMIT stateChanged(vendor, state, detail);
}

bool ConnectionMonitor::systemOffline() const
{
    // Tells "unreachable" from "offline" where the platform can (NetworkManager on Linux); without
    // a backend every failure is "unreachable". Loaded at the first failure, not at start-up:
    // loading asks the platform (D-Bus on Linux), and the first window needs none of it.
    if (!m_networkInformationLoaded) {
        m_networkInformationLoaded = true;
        QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    }
    const QNetworkInformation *information = QNetworkInformation::instance();
    return information && information->reachability() == QNetworkInformation::Reachability::Disconnected;
}
