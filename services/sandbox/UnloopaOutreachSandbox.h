#pragma once

#include "SandboxServer.h"
#include "UnloopaOutreachAccounts.h"
#include "unloopa/UnloopaRoutes.h"

#include <QMap>
#include <QSet>
#include <QString>

class UnloopaSandbox;
class UnloopaTemplatesSandbox;

// Unloopa's outreach email (the Unloopa API reference): GET /outreach/status and POST /outreach/send.
//
// The account starts configured with two sending accounts (one fully warmed up with 10 sent today,
// one on day 10 of its warm-up with a DNS health warning); setConfigured(false) shows the
// unconfigured state (configured false, no accounts, the setup_url) and makes every send
// setup_required. A send takes 1-100 lead ids and a template or a custom subject + body: each lead
// is queued once ever (again, or twice in one request: skipped_duplicates), unknown leads fail,
// leads without an email come back in manual_outreach, and a message using {{video_url}} (Pro only)
// waits for a video still being made and fails without one. Queued emails use up the day's capacity
// (UnloopaOutreachAccounts).
class UnloopaOutreachSandbox
{
public:
    UnloopaOutreachSandbox(UnloopaSandbox *account, const UnloopaTemplatesSandbox *templates);
    void addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers);

    void setConfigured(bool configured) { m_configured = configured; }
    bool isConfigured() const { return m_configured; }
    static QString setupUrl();
    static constexpr int maxLeadIds = 100;

private:
    SandboxResponse status(const SandboxRequest &request);
    SandboxResponse send(const SandboxRequest &request);

    UnloopaSandbox *m_account;
    const UnloopaTemplatesSandbox *m_templates;
    UnloopaOutreachAccounts m_accounts;
    bool m_configured = true;
    QSet<QString> m_emailed; // lead ids ever queued or waiting (duplicate detection)
    int m_waitingForVideo = 0;
};
