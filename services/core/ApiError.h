#pragma once

#include "Vendor.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

#include <optional>

// The console's one error type. Every failure a vendor call can have — a refused URL, no network,
// a timeout, a vendor error envelope, a malformed body — ends up here, with a sentence an operator
// can act on. Built from the four vendors' envelopes (the README lists each vendor's reference):
//   Unloopa      {"error": {"code", "message", "details"}}
//   UnlimCall    {"error": "<code>", "message"|"detail": "..."}
//   Verloop      Twirp {"code", "msg", "meta"}
//   Outreach2day undocumented: status code plus body text
struct ApiError
{
    enum class Kind {
        None, // no error
        UrlRefused, // the base URL failed the policy (http to a non-loopback host, credentials in it)
        NotConfigured, // no credentials or base URL for this vendor
        Network, // connection refused, DNS, TLS...
        Timeout, // no complete answer within the transfer timeout
        Redirect, // a redirect to another origin was refused (would leak the token)
        Vendor, // the vendor answered with an error status
        Malformed, // a 2xx whose body is not what the contract says
        Cancelled, // the operator (or shutdown) cancelled it
        Local, // a local problem (disk, keychain, store) surfaced through the same path
    };

    struct Link
    {
        QString label; // e.g. "upgrade", "50_credits_$10", "setup_url"
        QUrl url;
    };

    Vendor vendor = Vendor::Unloopa;
    Kind kind = Kind::None;
    int httpStatus = 0; // 0 when no HTTP response arrived
    QString code; // machine code: the vendor's ("quota_exceeded", "window_too_wide", "invalid_argument") or
                  // ours ("timeout", "url_refused", ...)
    QString vendorMessage; // what the vendor said, verbatim (may be empty)
    QString explanation; // a whole sentence in plain words, with what to do next
    std::optional<int> retryAfterSeconds; // from Retry-After, already validated and capped
    QList<Link> links; // upgrade / purchase / setup links the vendor returned
    QJsonObject details; // the envelope's details/meta, for the curious

    bool isError() const { return kind != Kind::None; }
    // An authentication failure (401 / Twirp unauthenticated): the key is missing, wrong or revoked.
    bool isAuthFailure() const;
    // A rate limit the vendor expects us to wait out (429 rate_limited, Twirp resource_exhausted).
    bool isRateLimit() const;

    // One line for logs, the status bar and the CLI's stderr: "<Vendor>: <explanation> (<code>, HTTP n)".
    QString summary() const;
    // Machine-readable form for the CLI (never contains secrets).
    QJsonObject toJson() const;

    static ApiError local(Vendor vendor, const QString &code, const QString &explanation);
    // The one "malformed answer" error (kind Malformed, code malformed_response): a 2xx whose body
    // is not what the contract says. Reads "<Vendor> answered, but not with <what>. <advice>";
    // `what` names what was expected ("a list of leads"), `advice` says what to do when the
    // default ("Nothing was changed; try again later…") is wrong, e.g. when money may be spent.
    static ApiError malformed(Vendor vendor, const QString &what, const QString &advice = {},
                              int httpStatus = 0);
};

Q_DECLARE_METATYPE(ApiError)
