#pragma once

#include "core/ApiError.h"
#include "store/Database.h"
#include "table/RecordTable.h"
#include "unloopa/QuotaGate.h"
#include "unloopa/UnloopaOutreachTypes.h"
#include "unloopa/UnloopaTypes.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class LeadStore;
class RecordTableModel;
class UnloopaOutreachService;
class UnloopaService;

// What the Unloopa Outreach page shows and changes, without widgets (issue #12): /quota (does the
// plan have video, so {{video_url}} works), GET /outreach/status (configured or not with the setup
// link, each sending account in accounts(), the summary) and the templates: prebuilt (read-only)
// and custom ones created, updated, deleted and made the default. Nothing here contacts anyone.
//
// The warm-up and capacity figures are the API's own, never recomputed from the ramp. The
// template preview is filled from a lead kept in the local LeadStore (openLeads()).
class OutreachController : public QObject
{
    Q_OBJECT
public:
    // The 4-week warm-up ramp of the reference (5 → 10 → 15 → 25 a day): "day N of 28".
    static constexpr int warmupRampDays = 28;

    // Neither is owned; both outlive the controller.
    OutreachController(UnloopaService *unloopa, UnloopaOutreachService *outreach, QObject *parent = nullptr);
    ~OutreachController() override;

    // The leads the preview picks from: `database` (shared; migrated here when needed) or, when
    // null, an own connection to `databasePath` (default Database::defaultPath()).
    StoreStatus openLeads(Database *database, const QString &databasePath = {});
    // Up to `limit` stored leads matching `text` (name, city, industry, email); empty without a store.
    QList<UnloopaLead> findLeads(const QString &text, int limit = 50) const;

    // /quota, the status and the templates.
    void refresh();
    void refreshStatus();
    void refreshTemplates();

    std::optional<UnloopaQuota> quota() const { return m_quota; }
    std::optional<UnloopaOutreachStatus> status() const { return m_status; }
    const UnloopaTemplates &templates() const { return m_templates; }
    std::optional<UnloopaTemplate> findTemplate(const QString &id) const { return m_templates.find(id); }
    // One row per sending account (accountSchema()); replaced on every status read.
    RecordTableModel *accounts() const { return m_accounts; }
    static RecordSchema accountSchema();

    // {{video_url}} needs a plan with video: the gate's verdict (refused while /quota is unread).
    QuotaGate::Verdict video() const { return QuotaGate(m_quota).video(); }
    // The placeholders that fill in on this plan (every documented one; video_url only with video).
    QStringList usablePlaceholders() const;
    // The placeholders in `text` that do not fill in on this plan ({{video_url}} without video,
    // and names Unloopa does not know).
    QStringList unusablePlaceholdersIn(const QString &text) const;

    // Custom templates only (prebuilt ones are read-only). One change at a time: false (nothing
    // sent) while one is in flight.
    bool createTemplate(const UnloopaTemplateFields &fields);
    bool updateTemplate(const QString &templateId, const UnloopaTemplateFields &fields);
    bool deleteTemplate(const QString &templateId);
    bool setDefaultTemplate(const QString &templateId);
    bool isSaving() const { return m_saving; }

    // `text` with each documented placeholder replaced by the lead's value (website_url is the
    // generated website, video_url its video). A value the lead lacks reads "[no <name>]"; other
    // {{names}} are left as written.
    static QString fill(const QString &text, const UnloopaLead &lead);

Q_SIGNALS:
    void quotaChanged();
    void statusChanged();
    void templatesChanged();
    void savingChanged(bool saving);
    void templateSaved(const UnloopaTemplate &saved);
    void templateDeleted(const QString &templateId);
    // What failed: "quota", "status", "templates", "save", "delete".
    void failed(const QString &what, const ApiError &error);

private:
    bool startSaving();
    void finishSaving();
    void showAccounts();

    QPointer<UnloopaService> m_unloopa;
    QPointer<UnloopaOutreachService> m_outreach;
    std::unique_ptr<Database> m_ownDatabase;
    std::unique_ptr<LeadStore> m_leads;
    std::optional<UnloopaQuota> m_quota;
    std::optional<UnloopaOutreachStatus> m_status;
    UnloopaTemplates m_templates;
    RecordTableModel *m_accounts;
    bool m_saving = false;
};
