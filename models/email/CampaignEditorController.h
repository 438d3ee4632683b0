#pragma once

#include "core/ApiError.h"
#include "email/CapacityPlanner.h"
#include "email/EmailCampaignStore.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class CampaignLauncher;
class OutboundGuard;
class Outreach2dayService;

// The campaign editor's state for one campaign, without widgets: the details kept locally,
// mailboxes (attach, update, list), schedule and stop rules, preflight, the capacity plan and
// launch/pause/resume (through CampaignLauncher and the outbound guard). What Outreach2day answers
// is kept in the store, so the editor shows the campaign again after a restart.
//
// A preflight is "current" until anything it checks changes (markChanged()): Launch waits for a
// current preflight without blocking failures.
class CampaignEditorController : public QObject
{
    Q_OBJECT
public:
    // `guard` may be null: nothing can be launched or resumed then (launchProblem() says so).
    // Which part of the campaign a failure is about (the section that shows it).
    enum class Topic { Details, Mailboxes, Schedule, Preflight, Launch };
    Q_ENUM(Topic)

    CampaignEditorController(Outreach2dayService *service, EmailCampaignStore *store, OutboundGuard *guard,
                             QObject *parent = nullptr);

    Outreach2dayService *service() const { return m_service; }
    EmailCampaignStore *store() const { return m_store; }
    CampaignLauncher *launcher() const { return m_launcher; }

    void setCampaign(const QString &campaignId);
    QString campaignId() const { return m_campaignId; }
    std::optional<EmailCampaignStore::CampaignRow> campaign() const;
    // Renames the campaign on this computer (the API has no update for campaigns).
    bool rename(const QString &name);

    // --- mailboxes
    QList<O2dMailbox> mailboxes() const;
    void attachMailbox(const O2dMailbox &mailbox); // POST, then the list again
    void updateMailbox(const QString &campaignMailboxId, const O2dMailbox &changes); // PATCH
    void refreshMailboxes(); // GET

    // --- schedule and stop rules (PUT both)
    std::optional<O2dSchedule> schedule() const;
    O2dStopRules stopRules() const; // the saved ones, or the API's defaults (all on)
    void saveSchedule(const O2dSchedule &schedule, const O2dStopRules &rules);

    // --- preflight
    void runPreflight(); // GET /preflight and /mailbox-preflight, merged
    std::optional<O2dPreflight> preflight() const;
    bool isPreflightCurrent() const { return m_preflightCurrent; }
    bool isPreflightRunning() const { return m_preflightRunning; }
    // Something preflight checks changed (steps, contacts, mailboxes, schedule).
    void markChanged();

    // --- capacity
    // The contacts the plan counts: those listed here, or the vendor's count from /stats.
    int contactCount() const;
    // The plan with the saved schedule, or `draftSchedule` while the operator edits one.
    CapacityPlan plan(const std::optional<O2dSchedule> &draftSchedule = std::nullopt,
                      const QDateTime &startUtc = QDateTime::currentDateTimeUtc()) const;

    // --- launch
    // Why nothing can be launched now, in words (no guard, preflight not run or failing, a launch
    // in flight); empty when Launch may be pressed.
    QString launchProblem() const;
    // GET /stats: the campaign's status after launch, pause or resume.
    void refreshStatus();

Q_SIGNALS:
    void campaignChanged(); // details or status
    void mailboxesChanged();
    void scheduleSaved();
    void preflightChanged();
    // A request failed: `what` says which (a sentence), `error` why.
    void failed(CampaignEditorController::Topic topic, const QString &what, const ApiError &error);
    void busyChanged();

private:
    bool stored(Topic topic, const QString &what, const StoreStatus &status);
    bool isCurrent(const QString &campaignId) const { return campaignId == m_campaignId; }

    Outreach2dayService *m_service; // outlives the controller
    EmailCampaignStore *m_store;
    QPointer<OutboundGuard> m_guard;
    CampaignLauncher *m_launcher = nullptr;
    QString m_campaignId;
    bool m_preflightCurrent = false;
    bool m_preflightRunning = false;
};
