#pragma once

#include "Vendor.h"

#include <QString>
#include <QUrl>

// Where each vendor's API lives. A base URL is a full prefix (scheme, host, path) up to where the
// documented endpoint paths begin, so the sandbox and a vendor's staging host are just other URLs.
// Precedence: command-line option > environment variable > Settings > the vendor's default.
namespace VendorEndpoints {
// Verloop's host is the customer's client id: https://<client-id>.verloop.io/api/v1.
QUrl defaultBaseUrl(Vendor vendor, const QString &verloopClientId = {});
// CAMPAIGN_CONSOLE_UNLOOPA_URL, CAMPAIGN_CONSOLE_UNLIMCALL_URL, ...
QString environmentVariable(Vendor vendor);
// unloopa-url, unlimcall-url, verloop-url, outreach2day-url (used as --unloopa-url=...)
QString commandLineOption(Vendor vendor);
QUrl resolve(Vendor vendor, const QString &commandLineValue, const QString &settingsValue,
             const QString &verloopClientId = {});
// The one precedence rule, for base URLs and any other configurable address (UnlimCall's OAuth
// token URL): the first non-empty of the command-line value, the environment variable and the
// Settings value, else `fallback`.
QUrl resolveUrl(const QString &commandLineValue, const QString &environmentVariable,
                const QString &settingsValue, const QUrl &fallback);
// UnlimCall's OAuth 2.0 token URL, configured like a base URL. The default is the OpenAPI's
// clientCredentials tokenUrl; it is not derived from the API base URL, because the OpenAPI's server
// (https://api.unlimcall.com/v1) and the reference's (https://app.unlimcall.com/api/v1) differ and
// the token endpoint lives on the latter's host. Its RFC 8414 metadata can also name it (see
// OAuthDiscovery).
QUrl defaultUnlimCallTokenUrl();
QString unlimcallTokenUrlVariable(); // CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL
QString unlimcallTokenUrlOption(); // unlimcall-token-url (used as --unlimcall-token-url=...)
// Joins a base URL and a documented endpoint path ("/quota") without losing the base's path.
QUrl join(const QUrl &baseUrl, const QString &endpointPath);
} // namespace VendorEndpoints
