#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QString>

// Webhook signature verification (README promises W1-W4, W8), as pure functions: the raw request
// bytes and the header values in, a verdict out. Nothing here parses JSON or reads a clock.
//
// UnlimCall (the UnlimCall API reference, "Webhooks (REST hooks)"):
//   X-Unlimcall-Signature: t=<unix seconds>,v1=<64 hex>[,v1=<64 hex>...]
//   HMAC-SHA256 over "<t>.<raw body>", keyed by the subscription's whsec_ secret. The key is the
//   UTF-8 bytes of the whole "whsec_..." string (Stripe's convention; vector V1 of the test
//   vectors shows the base64-decoded alternative gives another signature). Any v1 entry may match
//   any secret (rotation); v0 and unknown keys are ignored.
// Standard Webhooks (the scheme the console expects from Outreach2day by default):
//   webhook-id, webhook-timestamp, webhook-signature: "v1,<base64>" entries separated by spaces,
//   HMAC-SHA256 over "<id>.<timestamp>.<raw body>", keyed by the base64-decoded part of the secret
//   after "whsec_".
// Both: |now - t| <= tolerance (exactly the tolerance is accepted, past and future alike), and
// the comparison takes the same time wherever the first differing byte is.
namespace WebhookSignatures {

// Why a delivery was refused. Each malformed header has its own reason (W4).
enum class Failure {
    None,
    HeaderMissing, // no signature header at all (or, Standard Webhooks, no webhook-signature)
    HeaderEmpty, // the signature header is present but empty
    TimestampMissing, // no t= entry / no webhook-timestamp
    TimestampDuplicate, // more than one t= entry
    TimestampNotNumeric, // t is not a plain non-negative decimal number
    SignatureMissing, // no v1 entry
    SignatureMalformed, // a v1 entry is not 64 hex digits (Standard Webhooks: not base64 of 32 bytes)
    IdMissing, // Standard Webhooks: no webhook-id
    TimestampTooOld, // t more than the tolerance in the past
    TimestampInFuture, // t more than the tolerance in the future
    NoSecret, // no secret is configured for the vendor: nothing can be verified
    Mismatch, // well-formed, in time, but no v1 matches any secret
};

// Stable machine code ("header_empty", "timestamp_duplicate", "mismatch", ...): the HTTP answer's
// body, logs, the CLI. Never translated.
QString reasonCode(Failure failure);
// What an operator reads (translatable).
QString explanation(Failure failure);
// True for the header's own defects (answered 400); the others are answered 401.
bool isMalformed(Failure failure);

// How an UnlimCall whsec_ secret becomes the HMAC key (an assumption kept configurable, W8).
enum class SecretKey {
    WholeSecretUtf8, // the UTF-8 bytes of "whsec_..." as they are (default)
    Base64AfterPrefix, // base64-decode of the part after "whsec_"
};

constexpr int kDefaultToleranceSecs = 300;

struct Verdict
{
    Failure failure = Failure::HeaderMissing;
    int secretIndex = -1; // which secret matched (0-based, in the order given)
    qint64 timestamp = 0; // the signed timestamp (valid once the header parsed)
    bool ok() const { return failure == Failure::None; }
};

// The parsed X-Unlimcall-Signature header (or why it does not parse).
struct UnlimCallHeader
{
    Failure failure = Failure::None; // None when it parsed
    qint64 timestamp = 0;
    QByteArrayList signatures; // the v1 entries, decoded to 32 raw bytes each
};
UnlimCallHeader parseUnlimCallHeader(QByteArrayView header, bool present = true);

// The whole UnlimCall check. `present` false = the request had no such header.
Verdict verifyUnlimCall(QByteArrayView header, QByteArrayView rawBody, const QByteArrayList &secrets,
                        qint64 nowSecs, SecretKey key = SecretKey::WholeSecretUtf8,
                        int toleranceSecs = kDefaultToleranceSecs, bool present = true);

// The Standard Webhooks headers of one request (a null QByteArray = absent).
struct StandardHeaders
{
    QByteArray id;
    QByteArray timestamp;
    QByteArray signature;
};
Verdict verifyStandardWebhooks(const StandardHeaders &headers, QByteArrayView rawBody,
                               const QByteArrayList &secrets, qint64 nowSecs,
                               int toleranceSecs = kDefaultToleranceSecs);

// "v1," + base64 HMAC, as a Standard Webhooks sender writes it (tests, the sandbox).
QByteArray signStandardWebhooks(const QByteArray &secret, QByteArrayView id, QByteArrayView timestamp,
                                QByteArrayView rawBody);
// The hex v1 an UnlimCall sender writes for `t` and `rawBody` (tests, the sandbox).
QByteArray signUnlimCall(const QByteArray &secret, qint64 timestamp, QByteArrayView rawBody,
                         SecretKey key = SecretKey::WholeSecretUtf8);

// Equal length and equal bytes, in time that depends on the length only.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace WebhookSignatures
