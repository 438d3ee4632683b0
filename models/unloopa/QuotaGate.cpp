#include "QuotaGate.h"

#include <QLocale>

namespace {

// The links whose label starts with `prefix` ("upgrade", "voice_credits.").
QList<ApiError::Link> linksStartingWith(const UnloopaQuota &quota, const QString &prefix)
{
    QList<ApiError::Link> links;
    for (const ApiError::Link &link : quota.purchaseLinks()) {
        if (link.label.startsWith(prefix))
            links.append(link);
    }
    return links;
}

} // namespace

ApiError QuotaGate::Verdict::toError() const
{
    ApiError error = ApiError::local(Vendor::Unloopa, code, reason);
    error.links = links;
    return error;
}

QuotaGate::QuotaGate(std::optional<UnloopaQuota> quota) : m_quota(std::move(quota)) { }

QuotaGate::Verdict QuotaGate::allowed() const
{
    Verdict verdict;
    verdict.allowed = true;
    verdict.code = QStringLiteral("allowed");
    return verdict;
}

QuotaGate::Verdict QuotaGate::refused(const QString &code, const QString &reason,
                                      const QList<ApiError::Link> &links) const
{
    Verdict verdict;
    verdict.code = code;
    verdict.reason = reason;
    verdict.links = links;
    return verdict;
}

std::optional<QuotaGate::Verdict> QuotaGate::unknown() const
{
    if (m_quota)
        return std::nullopt;
    return refused(QStringLiteral("quota_unknown"),
                   tr("The account's plan and credits are not known yet; read the quota first."), {});
}

QuotaGate::Verdict QuotaGate::voice() const
{
    if (auto notRead = unknown())
        return *notRead;
    if (!m_quota->voiceEnabled)
        return refused(
                QStringLiteral("plan_required"),
                tr("Voice calling needs Unloopa's Pro plan; upgrade to use phone numbers, voice agents "
                   "and calls."),
                linksStartingWith(*m_quota, QStringLiteral("upgrade")));
    return allowed();
}

QuotaGate::Verdict QuotaGate::calls(int credits) const
{
    const Verdict plan = voice();
    if (!plan)
        return plan;
    const int needed = qMax(1, credits);
    if (m_quota->voiceCredits < needed)
        return refused(
                QStringLiteral("insufficient_credits"),
                m_quota->voiceCredits == 0
                        ? tr("There are no voice credits left; buy credits to place calls.")
                        : tr("This needs %n voice credit(s) and %1 are left; buy credits or call fewer.",
                             nullptr, needed)
                                  .arg(m_quota->voiceCredits),
                linksStartingWith(*m_quota, QStringLiteral("voice_credits.")));
    return allowed();
}

QuotaGate::Verdict QuotaGate::leadGeneration() const
{
    if (auto notRead = unknown())
        return *notRead;
    if (!m_quota->canGenerateLeads()) {
        Verdict verdict = refused(
                QStringLiteral("quota_exceeded"),
                m_quota->resetsAt.isValid()
                        ? tr("No websites are left this period; lead generation is possible again on %1.")
                                  .arg(QLocale().toString(m_quota->resetsAt.toLocalTime(),
                                                          QLocale::ShortFormat))
                        : tr("No websites are left this period; lead generation is possible again when the "
                             "quota resets."),
                linksStartingWith(*m_quota, QStringLiteral("upgrade")));
        verdict.resetsAt = m_quota->resetsAt;
        return verdict;
    }
    return allowed();
}

QuotaGate::Verdict QuotaGate::video() const
{
    if (auto notRead = unknown())
        return *notRead;
    if (!m_quota->videoEnabled)
        return refused(QStringLiteral("plan_required"), tr("Video generation needs Unloopa's Pro plan."),
                       linksStartingWith(*m_quota, QStringLiteral("upgrade")));
    return allowed();
}
