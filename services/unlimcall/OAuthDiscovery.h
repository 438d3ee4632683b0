#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QObject;

// Finds UnlimCall's OAuth token endpoint in its authorization-server metadata (RFC 8414), where
// the OpenAPI points: https://app.unlimcall.com/.well-known/oauth-authorization-server. The
// document is public: it is fetched through the one HTTP core (URL policy, timeout, same-origin
// redirects, the error catalogue) without sending any credential.
namespace OAuthDiscovery {

// The authorization server (issuer) of a token URL: the URL without its /oauth/token ending. An
// address without that ending is taken as the issuer itself (an operator may type the server).
//   https://app.unlimcall.com/oauth/token        → https://app.unlimcall.com
//   http://127.0.0.1:8080/unlimcall/oauth/token  → http://127.0.0.1:8080/unlimcall (the sandbox)
QUrl issuerOf(const QUrl &tokenUrl);

// issuer + /.well-known/oauth-authorization-server. (RFC 8414 would put the well-known segment
// before an issuer's path; UnlimCall's issuer has none, and the sandbox mirrors the real host's
// layout under its /unlimcall prefix.)
QUrl metadataUrl(const QUrl &issuer);

// The token endpoint a metadata document fetched for `issuer` names, or why it may not be used:
// the document must be about that issuer (RFC 8414 §3.3), name a token endpoint the URL policy
// allows, and offer the client-credentials grant when it lists grants.
Result<QUrl> tokenEndpoint(const QJsonObject &metadata, const QUrl &issuer);

// Fetches the metadata of `issuer` with `network` and reads its token endpoint. `done` is called
// once, on `context`'s thread, unless `context` is destroyed first.
void discover(QNetworkAccessManager *network, const QUrl &issuer, const QObject *context,
              std::function<void(const Result<QUrl> &)> done);

} // namespace OAuthDiscovery
