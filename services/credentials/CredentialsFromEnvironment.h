#pragma once

#include "VendorCredentials.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

// Credentials for scripts and CI (the CLI reads these before the keychain):
//   UNLOOPA_API_KEY                                  (the name Unloopa's docs use)
//   UNLIMCALL_API_TOKEN, or UNLIMCALL_CLIENT_ID + UNLIMCALL_CLIENT_SECRET (OAuth 2.0 client
//   credentials, used when no token is set; the token URL is CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL)
//   VERLOOP_API_TOKEN + VERLOOP_CLIENT_ID
//   OUTREACH2DAY_API_KEY + OUTREACH2DAY_WORKSPACE_ID
namespace CredentialsFromEnvironment {

// nullopt when none of the vendor's variables is set. Otherwise the credentials found
// (normalized, account "default"), possibly incomplete: call validate() and report its sentence.
std::optional<VendorCredentials>
read(Vendor vendor, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

// The variables read for a vendor.
QStringList variableNames(Vendor vendor);
// Which variables to set, for help texts and error messages: "VERLOOP_API_TOKEN and
// VERLOOP_CLIENT_ID"; "UNLIMCALL_API_TOKEN, or UNLIMCALL_CLIENT_ID and UNLIMCALL_CLIENT_SECRET".
QString whatToSet(Vendor vendor);

} // namespace CredentialsFromEnvironment
