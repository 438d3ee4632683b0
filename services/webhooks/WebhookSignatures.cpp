#include "WebhookSignatures.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace WebhookSignatures {

namespace {

constexpr int kMacBytes = 32; // SHA-256
constexpr int kMaxTimestampDigits = 12; // seconds until the year 33658: no overflow, no nonsense

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

// A plain decimal number of at most kMaxTimestampDigits digits (no sign, no spaces inside).
std::optional<qint64> parseTimestamp(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > kMaxTimestampDigits)
        return std::nullopt;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// 64 hex digits (either case) → 32 bytes; empty when malformed.
QByteArray decodeHexMac(QByteArrayView hex)
{
    if (hex.size() != 2 * kMacBytes)
        return {};
    QByteArray bytes(kMacBytes, Qt::Uninitialized);
    for (int i = 0; i < kMacBytes; ++i) {
        const int high = hexValue(hex[2 * i]);
        const int low = hexValue(hex[2 * i + 1]);
        if (high < 0 || low < 0)
            return {};
        bytes[i] = char(high * 16 + low);
    }
    return bytes;
}

QByteArray hmac(QByteArrayView key, QByteArrayView message)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, key.toByteArray());
    mac.addData(message.data(), message.size());
    return mac.result();
}

QByteArray unlimCallKey(const QByteArray &secret, SecretKey convention)
{
    if (convention == SecretKey::WholeSecretUtf8)
        return secret;
    const QByteArray rest = secret.startsWith("whsec_") ? secret.mid(6) : secret;
    return QByteArray::fromBase64(rest);
}

// Standard Webhooks: the base64 part after "whsec_"; empty when it is not base64.
QByteArray standardKey(const QByteArray &secret)
{
    const QByteArray rest = secret.startsWith("whsec_") ? secret.mid(6) : secret;
    const auto decoded = QByteArray::fromBase64Encoding(rest, QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? *decoded : QByteArray();
}

Failure checkTolerance(qint64 timestamp, qint64 nowSecs, int toleranceSecs)
{
    if (nowSecs - timestamp > toleranceSecs)
        return Failure::TimestampTooOld;
    if (timestamp - nowSecs > toleranceSecs)
        return Failure::TimestampInFuture;
    return Failure::None;
}

QByteArray signedContent(QByteArrayView first, QByteArrayView second, QByteArrayView body)
{
    QByteArray content;
    content.reserve(first.size() + second.size() + body.size() + 2);
    content.append(first);
    content.append('.');
    if (!second.isNull()) {
        content.append(second);
        content.append('.');
    }
    content.append(body);
    return content;
}

} // namespace

QString reasonCode(Failure failure)
{
    switch (failure) {
    case Failure::None:
        return QStringLiteral("verified");
    case Failure::HeaderMissing:
        return QStringLiteral("signature_header_missing");
    case Failure::HeaderEmpty:
        return QStringLiteral("signature_header_empty");
    case Failure::TimestampMissing:
        return QStringLiteral("timestamp_missing");
    case Failure::TimestampDuplicate:
        return QStringLiteral("timestamp_duplicate");
    case Failure::TimestampNotNumeric:
        return QStringLiteral("timestamp_not_numeric");
    case Failure::SignatureMissing:
        return QStringLiteral("signature_missing");
    case Failure::SignatureMalformed:
        return QStringLiteral("signature_malformed");
    case Failure::IdMissing:
        return QStringLiteral("id_missing");
    case Failure::TimestampTooOld:
        return QStringLiteral("timestamp_too_old");
    case Failure::TimestampInFuture:
        return QStringLiteral("timestamp_in_future");
    case Failure::NoSecret:
        return QStringLiteral("no_secret_configured");
    case Failure::Mismatch:
        return QStringLiteral("signature_mismatch");
    }
    return QStringLiteral("unknown");
}

QString explanation(Failure failure)
{
    const char *text = "";
    switch (failure) {
    case Failure::None:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "The signature is valid.");
        break;
    case Failure::HeaderMissing:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "The delivery carries no signature header.");
        break;
    case Failure::HeaderEmpty:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "The signature header is empty.");
        break;
    case Failure::TimestampMissing:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "The signature names no timestamp.");
        break;
    case Failure::TimestampDuplicate:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "The signature names its timestamp more than once.");
        break;
    case Failure::TimestampNotNumeric:
        text = QT_TRANSLATE_NOOP("WebhookSignatures",
                                 "The signature's timestamp is not a number of seconds.");
        break;
    case Failure::SignatureMissing:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "The signature header holds no v1 signature.");
        break;
    case Failure::SignatureMalformed:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "A v1 signature is not a SHA-256 digest.");
        break;
    case Failure::IdMissing:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "The delivery carries no webhook-id.");
        break;
    case Failure::TimestampTooOld:
        text = QT_TRANSLATE_NOOP("WebhookSignatures",
                                 "The signature is more than five minutes old (a replay, or this computer's "
                                 "clock is wrong).");
        break;
    case Failure::TimestampInFuture:
        text = QT_TRANSLATE_NOOP("WebhookSignatures",
                                 "The signature is dated more than five minutes ahead (check this computer's "
                                 "clock).");
        break;
    case Failure::NoSecret:
        text = QT_TRANSLATE_NOOP("WebhookSignatures", "No signing secret is configured for this vendor.");
        break;
    case Failure::Mismatch:
        text = QT_TRANSLATE_NOOP("WebhookSignatures",
                                 "The signature matches none of the configured secrets.");
        break;
    }
    return QCoreApplication::translate("WebhookSignatures", text);
}

bool isMalformed(Failure failure)
{
    switch (failure) {
    case Failure::HeaderEmpty:
    case Failure::TimestampMissing:
    case Failure::TimestampDuplicate:
    case Failure::TimestampNotNumeric:
    case Failure::SignatureMissing:
    case Failure::SignatureMalformed:
    case Failure::IdMissing:
        return true;
    default:
        return false;
    }
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

UnlimCallHeader parseUnlimCallHeader(QByteArrayView header, bool present)
{
    UnlimCallHeader parsed;
    if (!present) {
        parsed.failure = Failure::HeaderMissing;
        return parsed;
    }
    if (trimmed(header).isEmpty()) {
        parsed.failure = Failure::HeaderEmpty;
        return parsed;
    }
    bool haveTimestamp = false;
    bool timestampNumeric = true;
    bool duplicateTimestamp = false;
    bool malformedSignature = false;
    qsizetype start = 0;
    while (start <= header.size()) {
        qsizetype comma = header.indexOf(',', start);
        if (comma < 0)
            comma = header.size();
        const QByteArrayView item = trimmed(header.sliced(start, comma - start));
        start = comma + 1;
        const qsizetype equals = item.indexOf('=');
        if (equals < 0)
            continue; // junk without a key: ignored, like v0 and unknown keys
        const QByteArrayView key = trimmed(item.first(equals));
        const QByteArrayView value = trimmed(item.sliced(equals + 1));
        if (key == "t") {
            if (haveTimestamp) {
                duplicateTimestamp = true;
                continue;
            }
            haveTimestamp = true;
            if (const std::optional<qint64> t = parseTimestamp(value))
                parsed.timestamp = *t;
            else
                timestampNumeric = false;
        } else if (key == "v1") {
            const QByteArray mac = decodeHexMac(value);
            if (mac.isEmpty())
                malformedSignature = true;
            else
                parsed.signatures.append(mac);
        }
    }
    // One reason per header, the most basic defect first.
    if (duplicateTimestamp)
        parsed.failure = Failure::TimestampDuplicate;
    else if (!haveTimestamp)
        parsed.failure = Failure::TimestampMissing;
    else if (!timestampNumeric)
        parsed.failure = Failure::TimestampNotNumeric;
    else if (malformedSignature)
        parsed.failure = Failure::SignatureMalformed;
    else if (parsed.signatures.isEmpty())
        parsed.failure = Failure::SignatureMissing;
    if (parsed.failure != Failure::None)
        parsed.signatures.clear();
    return parsed;
}

Verdict verifyUnlimCall(QByteArrayView header, QByteArrayView rawBody, const QByteArrayList &secrets,
                        qint64 nowSecs, SecretKey key, int toleranceSecs, bool present)
{
    Verdict verdict;
    const UnlimCallHeader parsed = parseUnlimCallHeader(header, present);
    verdict.failure = parsed.failure;
    if (parsed.failure != Failure::None)
        return verdict;
    verdict.timestamp = parsed.timestamp;
    if ((verdict.failure = checkTolerance(parsed.timestamp, nowSecs, toleranceSecs)) != Failure::None)
        return verdict;
    if (secrets.isEmpty()) {
        verdict.failure = Failure::NoSecret;
        return verdict;
    }
    const QByteArray content = signedContent(QByteArray::number(parsed.timestamp), QByteArrayView(), rawBody);
    verdict.failure = Failure::Mismatch;
    // Every pair is compared (no early exit), so the time does not tell which secret matched.
    for (int s = 0; s < secrets.size(); ++s) {
        const QByteArray expected = hmac(unlimCallKey(secrets.at(s), key), content);
        for (const QByteArray &candidate : parsed.signatures) {
            if (constantTimeEquals(expected, candidate) && verdict.secretIndex < 0) {
                verdict.secretIndex = s;
                verdict.failure = Failure::None;
            }
        }
    }
    return verdict;
}

Verdict verifyStandardWebhooks(const StandardHeaders &headers, QByteArrayView rawBody,
                               const QByteArrayList &secrets, qint64 nowSecs, int toleranceSecs)
{
    Verdict verdict;
    if (headers.signature.isNull()) {
        verdict.failure = Failure::HeaderMissing;
        return verdict;
    }
    if (trimmed(headers.signature).isEmpty()) {
        verdict.failure = Failure::HeaderEmpty;
        return verdict;
    }
    if (trimmed(headers.id).isEmpty()) {
        verdict.failure = Failure::IdMissing;
        return verdict;
    }
    if (headers.timestamp.isNull() || trimmed(headers.timestamp).isEmpty()) {
        verdict.failure = Failure::TimestampMissing;
        return verdict;
    }
    const std::optional<qint64> timestamp = parseTimestamp(trimmed(headers.timestamp));
    if (!timestamp) {
        verdict.failure = Failure::TimestampNotNumeric;
        return verdict;
    }
    QByteArrayList signatures;
    bool malformed = false;
    for (const QByteArray &entry : headers.signature.split(' ')) {
        if (entry.isEmpty())
            continue;
        const qsizetype comma = entry.indexOf(',');
        if (comma < 0 || entry.first(comma) != "v1")
            continue; // other versions (v1a: asymmetric) and junk are ignored
        const auto mac =
                QByteArray::fromBase64Encoding(entry.mid(comma + 1), QByteArray::AbortOnBase64DecodingErrors);
        if (!mac || mac.decoded.size() != kMacBytes)
            malformed = true;
        else
            signatures.append(*mac);
    }
    if (malformed) {
        verdict.failure = Failure::SignatureMalformed;
        return verdict;
    }
    if (signatures.isEmpty()) {
        verdict.failure = Failure::SignatureMissing;
        return verdict;
    }
    verdict.timestamp = *timestamp;
    if ((verdict.failure = checkTolerance(*timestamp, nowSecs, toleranceSecs)) != Failure::None)
        return verdict;
    if (secrets.isEmpty()) {
        verdict.failure = Failure::NoSecret;
        return verdict;
    }
    const QByteArray content = signedContent(trimmed(headers.id), trimmed(headers.timestamp), rawBody);
    verdict.failure = Failure::Mismatch;
    for (int s = 0; s < secrets.size(); ++s) {
        const QByteArray key = standardKey(secrets.at(s));
        if (key.isEmpty())
            continue;
        const QByteArray expected = hmac(key, content);
        for (const QByteArray &candidate : signatures) {
            if (constantTimeEquals(expected, candidate) && verdict.secretIndex < 0) {
                verdict.secretIndex = s;
                verdict.failure = Failure::None;
            }
        }
    }
    return verdict;
}

QByteArray signStandardWebhooks(const QByteArray &secret, QByteArrayView id, QByteArrayView timestamp,
                                QByteArrayView rawBody)
{
    return "v1," + hmac(standardKey(secret), signedContent(id, timestamp, rawBody)).toBase64();
}

QByteArray signUnlimCall(const QByteArray &secret, qint64 timestamp, QByteArrayView rawBody, SecretKey key)
{
    return hmac(unlimCallKey(secret, key),
                signedContent(QByteArray::number(timestamp), QByteArrayView(), rawBody))
            .toHex();
}

} // namespace WebhookSignatures
