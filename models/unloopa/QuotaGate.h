#pragma once

#include "core/ApiError.h"
#include "unloopa/UnloopaTypes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// What GET /quota lets the console offer, as the Unloopa API reference's table says: no voice
// features without voice_enabled (the upgrade link), no calls without voice credits (the credit
// purchase links), no lead generation without websites left (the reset time). Each refusal says
// why and carries its way out, so the pages, the controllers and the CLI refuse the same way
// before any request is sent.
class QuotaGate
{
    Q_DECLARE_TR_FUNCTIONS(QuotaGate)
public:
    struct Verdict
    {
        bool allowed = false;
        // "allowed", "quota_unknown" (read /quota first), "plan_required", "insufficient_credits",
        // "quota_exceeded" — the vendor's own codes, so a refusal here reads like the vendor's.
        QString code;
        QString reason; // a sentence with what to do next; empty when allowed
        QList<ApiError::Link> links; // the upgrade or credit purchase links
        QDateTime resetsAt; // when lead generation is possible again (quota_exceeded)

        explicit operator bool() const { return allowed; }
        // The refusal as the console's one error type (kind Local, nothing was sent).
        ApiError toError() const;
    };

    // `quota` unset: not read yet; every feature is refused until it is.
    explicit QuotaGate(std::optional<UnloopaQuota> quota);

    // Phone numbers, agents, calls lists and campaigns: a Pro plan with voice.
    Verdict voice() const;
    // Calls that spend `credits` voice credits (a single call 1, a trigger up to 10): voice and
    // at least that many credits.
    Verdict calls(int credits = 1) const;
    // POST /command: websites left this period.
    Verdict leadGeneration() const;
    // Video and VSL generation: a plan with video.
    Verdict video() const;

private:
    Verdict allowed() const;
    Verdict refused(const QString &code, const QString &reason, const QList<ApiError::Link> &links) const;
    std::optional<Verdict> unknown() const;

    std::optional<UnloopaQuota> m_quota;
};
