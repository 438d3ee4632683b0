#pragma once

#include "ApiError.h"

#include <QUrl>

// Which base URLs the console may talk to (README promise H1): https anywhere; plain http only to
// loopback (the sandbox, tests); never a URL with a user name or password in it. A refused URL
// opens no connection.
namespace UrlPolicy {
bool isLoopbackHost(const QString &host);
// Returns an error (kind UrlRefused) when the URL may not be used, nothing when it may.
std::optional<ApiError> check(Vendor vendor, const QUrl &url);
} // namespace UrlPolicy
