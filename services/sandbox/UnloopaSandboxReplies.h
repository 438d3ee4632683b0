#pragma once

#include "SandboxServer.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// The answers every part of the Unloopa sandbox gives alike: the documented error codes in the
// Unloopa envelope ({"error": {"code", "message", "details"}}) with their status, timestamps as the
// API writes them, and the reading of JSON bodies and paging parameters.
namespace UnloopaReplies {

// 400 invalid_input naming the offending field in details.field.
SandboxResponse invalid(const QString &message, const QString &field);
// 404 not_found: "<what> not found."
SandboxResponse notFound(const QString &what);
// 403 plan_required with the upgrade link (voice features are Pro only).
SandboxResponse planRequired(const QString &feature);
// 402 insufficient_credits with the balance, what was needed and the purchase links.
SandboxResponse insufficientCredits(int credits, int needed);
// 400 limit_reached: `count` of `limit` `what` ("phone_numbers", "agents") already exist.
SandboxResponse limitReached(const QString &what, int count, int limit, const QString &message);
// 400 invalid_state: `status` does not allow the action; `allowed` lists the states that do.
SandboxResponse invalidState(const QString &message, const QString &status, const QStringList &allowed);
// 400 setup_required: something must be set up first (`missing`), at `setupUrl` when there is one.
SandboxResponse setupRequired(const QString &message, const QString &missing, const QString &setupUrl = {});
// 429 rate_limited with Retry-After (whole seconds, at least 1).
SandboxResponse rateLimited(const QString &message, qint64 retryAfterMs);

// The body as a JSON object, or the invalid_input answer when it is not one.
std::optional<SandboxResponse> readBody(const SandboxRequest &request, QJsonObject *body);
// An optional string field: absent or null leaves `out` alone; any other non-string is refused.
std::optional<SandboxResponse> readString(const QJsonObject &body, const QString &key, QString *out);
// A required, non-blank string field of at most `maxLength` characters.
std::optional<SandboxResponse> requireString(const QJsonObject &body, const QString &key, int maxLength,
                                             QString *out);
// limit (1-100, `defaultLimit`) and offset (>= 0) of a list.
std::optional<SandboxResponse> readPage(const SandboxRequest &request, int defaultLimit, int *limit,
                                        int *offset);

QString iso(const QDateTime &time);
QJsonValue isoOrNull(const QDateTime &time);
// "+13055551234": a plus, a non-zero digit, 7 to 15 digits in all (E.164), and a real number.
bool isE164(const QString &text);
bool isUuid(const QString &text);

QString upgradeUrl();
QJsonObject creditPurchaseLinks();

} // namespace UnloopaReplies
