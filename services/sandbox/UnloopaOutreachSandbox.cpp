#include "UnloopaOutreachSandbox.h"

#include "UnloopaSandbox.h"
#include "UnloopaSandboxReplies.h"
#include "UnloopaTemplatesSandbox.h"

#include <QJsonArray>

using namespace UnloopaReplies;

UnloopaOutreachSandbox::UnloopaOutreachSandbox(UnloopaSandbox *account,
                                               const UnloopaTemplatesSandbox *templates)
    : m_account(account), m_templates(templates)
{
    const QDateTime now = account->now();
    m_accounts.addAccount({QStringLiteral("6f1c2a9e-4b7d-4e21-9a35-0c8d2f7e1a01"),
                           QStringLiteral("outreach@demo-agency.com"), QStringLiteral("Demo Agency"),
                           now.addDays(-40), 92, QStringLiteral("good")});
    m_accounts.addAccount({QStringLiteral("6f1c2a9e-4b7d-4e21-9a35-0c8d2f7e1a02"),
                           QStringLiteral("hello@demo-agency.com"), QStringLiteral("Demo Agency Team"),
                           now.addDays(-9), 64, QStringLiteral("warning")});
    // Ten emails already went out today from the warmed-up account.
    const QDateTime dayStart(now.date(), QTime(0, 0), Qt::UTC);
    for (int i = 0; i < 10; ++i)
        m_accounts.addSent(0, qMax(dayStart, now.addSecs(-60 * (10 - i))));
}

void UnloopaOutreachSandbox::addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers)
{
    using Op = UnloopaRoutes::Op;
    handlers->insert(Op::OutreachStatus, [this](const SandboxRequest &r) { return status(r); });
    handlers->insert(Op::OutreachSend, [this](const SandboxRequest &r) { return send(r); });
}

QString UnloopaOutreachSandbox::setupUrl()
{
    return QStringLiteral("https://dashboard.unloopa.com/settings?tab=email");
}

SandboxResponse UnloopaOutreachSandbox::status(const SandboxRequest &)
{
    QJsonObject body = m_configured ? m_accounts.statusJson(m_account->now(), m_waitingForVideo)
                                    : UnloopaOutreachAccounts().statusJson(m_account->now(), 0);
    body.insert(QStringLiteral("configured"), m_configured);
    body.insert(QStringLiteral("setup_url"), setupUrl());
    return SandboxResponse::json(body);
}

SandboxResponse UnloopaOutreachSandbox::send(const SandboxRequest &request)
{
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    if (!m_configured)
        return setupRequired(QStringLiteral("Connect an email account before sending outreach."),
                             QStringLiteral("email_account"), setupUrl());

    const QJsonValue ids = body.value(QLatin1String("lead_ids"));
    const QString idsField = QStringLiteral("lead_ids");
    if (!ids.isArray() || ids.toArray().isEmpty() || ids.toArray().size() > maxLeadIds)
        return invalid(QStringLiteral("lead_ids must be an array of 1 to %1 lead ids").arg(maxLeadIds),
                       idsField);
    QStringList leadIds;
    for (const QJsonValue &id : ids.toArray()) {
        if (!id.isString() || !isUuid(id.toString()))
            return invalid(QStringLiteral("lead_ids must contain lead UUIDs"), idsField);
        leadIds.append(id.toString());
    }
    QString templateId;
    QString subject;
    QString text;
    if (const auto refused = readString(body, QStringLiteral("template_id"), &templateId))
        return *refused;
    if (const auto refused = readString(body, QStringLiteral("custom_subject"), &subject))
        return *refused;
    if (const auto refused = readString(body, QStringLiteral("custom_body"), &text))
        return *refused;
    if (templateId.isEmpty() && (subject.trimmed().isEmpty() || text.trimmed().isEmpty()))
        return invalid(QStringLiteral("Give template_id, or custom_subject and custom_body"),
                       QStringLiteral("template_id"));
    if (!templateId.isEmpty()) {
        const UnloopaTemplatesSandbox::Template *chosen = m_templates->find(templateId);
        if (!chosen)
            return notFound(QStringLiteral("Template"));
        if (subject.trimmed().isEmpty())
            subject = chosen->subject;
        if (text.trimmed().isEmpty())
            text = chosen->body;
    }
    const QString videoPlaceholder = QStringLiteral("{{video_url}}");
    const bool usesVideo = subject.contains(videoPlaceholder) || text.contains(videoPlaceholder);
    if (usesVideo && m_account->plan() != UnloopaSandbox::Plan::Pro)
        return planRequired(QStringLiteral("The {{video_url}} placeholder"));

    int queued = 0;
    int waiting = 0;
    int duplicates = 0;
    int failed = 0;
    QJsonArray manual;
    QSet<QString> seen;
    const QDateTime now = m_account->now();
    for (const QString &id : std::as_const(leadIds)) {
        if (seen.contains(id) || m_emailed.contains(id)) {
            ++duplicates;
            continue;
        }
        seen.insert(id);
        const QJsonObject lead = m_account->leadJson(id);
        if (lead.isEmpty()) {
            ++failed;
            continue;
        }
        if (lead.value(QLatin1String("email")).toString().isEmpty()) {
            manual.append(
                    QJsonObject{{QStringLiteral("lead_id"), id},
                                {QStringLiteral("business_name"), lead.value(QLatin1String("business_name"))},
                                {QStringLiteral("phone"), lead.value(QLatin1String("phone"))},
                                {QStringLiteral("socials"), lead.value(QLatin1String("socials"))},
                                {QStringLiteral("reason"), QStringLiteral("no_email")}});
            continue;
        }
        if (usesVideo) {
            const QString video = lead.value(QLatin1String("video_status")).toString();
            if (video == QLatin1String("pending") || video == QLatin1String("generating")) {
                ++waiting;
                m_emailed.insert(id);
                continue;
            }
            if (video != QLatin1String("completed")) {
                ++failed; // no video to link to
                continue;
            }
        }
        m_accounts.book(now);
        m_emailed.insert(id);
        ++queued;
    }
    m_waitingForVideo += waiting;
    return SandboxResponse::json(QJsonObject{{QStringLiteral("emails_queued"), queued},
                                             {QStringLiteral("emails_waiting_for_video"), waiting},
                                             {QStringLiteral("skipped_duplicates"), duplicates},
                                             {QStringLiteral("failed"), failed},
                                             {QStringLiteral("manual_outreach"), manual}});
}
