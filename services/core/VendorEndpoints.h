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
// Joins a base URL and a documented endpoint path ("/quota") without losing the base's path.
QUrl join(const QUrl &baseUrl, const QString &endpointPath);
} // namespace VendorEndpoints
