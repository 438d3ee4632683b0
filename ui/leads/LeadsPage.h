#pragma once

#include "controllers/ContactList.h"
#include "export/CsvExporter.h"
#include "unloopa/UnloopaTypes.h"

#include <QDateTime>
#include <QWidget>

#include <memory>

class Database;
class ExportControl;
class LeadsController;
class LeadDetailPane;
class Notifier;
struct Notification;
class QAction;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QToolButton;
class RecordTableModel;
class RecordTableView;
class UnloopaService;

// The Leads page (issue 3): generate leads from one sentence, follow the jobs, browse, filter and
// export the leads — from the local store first, refreshed from Unloopa, usable offline.
//
// The page holds widgets only: LeadsController (models/) holds the store, the models and the
// refreshes.
//
// Wiring (the shell's Pages::all() entry):
//   new LeadsPage(context.hub->unloopa(), nullptr, context.notifier, nullptr, context.databasePath)
// With `database` null the page opens its own connection to `databasePath` (default:
// Database::defaultPath()) and migrates the Leads component; pass the shell's Database to share it.
class LeadsPage : public QWidget
{
    Q_OBJECT
public:
    LeadsPage(UnloopaService *service, Database *database = nullptr, Notifier *notifier = nullptr,
              QWidget *parent = nullptr, const QString &databasePath = {});
    ~LeadsPage() override;

    LeadsController *controller() const { return m_controller; }
    // Why the store could not be opened (the page then says so and stays empty).
    QString storeProblem() const { return m_storeProblem; }

    // The table the operator sees on the current tab (leads, websites or jobs).
    RecordTableModel *currentModel() const;
    // The export control (progress, Cancel, Ctrl+E) of the current table.
    ExportControl *exportControl() const { return m_export; }
    // Writes what the current table shows to `path` (progress bar + Cancel); exportFinished() follows.
    bool exportTo(const QString &path, CsvProfile profile);
    void cancelExport();
    bool isExporting() const;

    // The local/server filter the filter bar describes.
    UnloopaLeadFilter filter() const;
    void setFilter(const UnloopaLeadFilter &filter);

    // The leads selected in the table, as table rows (RecordTableModel::TableRowRole).
    QList<int> selectedLeadRows() const;
    // "Schedule Verloop calls…" (Ctrl+Shift+V, the table's context menu): on while leads are
    // selected; emits scheduleVerloopCallsRequested() with them.
    QAction *scheduleCallsAction() const { return m_scheduleCalls; }

    // The selected leads as the store holds them (every field), in the order shown. Empty when
    // nothing is selected.
    QList<UnloopaLead> selectedLeads() const;
    // Unloopa's bulk actions (Leads table context menu and page shortcuts), each on while its
    // selection fits and /quota allows it (the tool tip says why not):
    // "Send Unloopa email…" (Ctrl+Shift+O): one or more leads → sendOutreachRequested().
    QAction *sendOutreachAction() const { return m_sendOutreach; }
    // "Unloopa voice campaign…" (Ctrl+Shift+G): one or more leads, voice plan → voiceCampaignRequested().
    QAction *voiceCampaignAction() const { return m_voiceCampaign; }
    // "Call with Unloopa agent…" (Ctrl+Shift+K): exactly one lead, voice plan → voiceCallRequested().
    QAction *voiceCallAction() const { return m_voiceCall; }

    // What a notification opens: the lead (Leads tab; filters cleared when they hide it) or the
    // job, selected at once or as soon as the store has loaded it.
    void showLead(const QString &leadId);
    void showJob(const QString &jobId);
    // The lead selected in the Leads table (empty: none).
    QString currentLeadId() const { return m_detailLeadId; }
    QString currentJobId() const;

Q_SIGNALS:
    void exportFinished(const CsvExportResult &result);
    // The operator asked to schedule Verloop calls for these leads (the Voice page does it).
    void scheduleVerloopCallsRequested(const ContactList &contacts);
    // The operator asked Unloopa to email, campaign-call or call these leads (other pages do it,
    // through the outbound guard).
    void sendOutreachRequested(const QList<UnloopaLead> &leads);
    void voiceCampaignRequested(const QList<UnloopaLead> &leads);
    void voiceCallRequested(const UnloopaLead &lead);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createComposer();
    QWidget *createJobs();
    QWidget *createLeadsTab();
    QWidget *createWebsitesTab();
    QWidget *createStatusRow();
    void setupTable(RecordTableView *view, RecordTableModel *model, const QString &layoutKey);

    void updateComposer();
    void submitCommand();
    void showQuota(const UnloopaQuota &quota);
    void applyLocalFilter();
    void fetchFromServer();
    void showSelectedLead();
    void showSelectedJob();
    void updateCounts();
    void createLeadActions();
    void updateLeadActions();
    void updateSyncLabel();
    void setSyncText(const QString &text);
    void notify(const Notification &notification);
    void selectPending();

    LeadsController *m_controller = nullptr;
    Notifier *m_notifier;
    QString m_storeProblem;
    bool m_opened = false;

    // Composer
    QPlainTextEdit *m_command = nullptr;
    QLabel *m_counter = nullptr;
    QSpinBox *m_maxResults = nullptr;
    bool m_maxResultsTouched = false;
    QCheckBox *m_withVideo = nullptr;
    QCheckBox *m_withVsl = nullptr;
    QLabel *m_planNote = nullptr;
    QLabel *m_quotaLine = nullptr;
    QPushButton *m_generate = nullptr;
    QLabel *m_composerMessage = nullptr;

    // Jobs
    RecordTableView *m_jobsView = nullptr;
    QLabel *m_jobSteps = nullptr;

    // Leads
    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_search = nullptr;
    QLineEdit *m_city = nullptr;
    QLineEdit *m_industry = nullptr;
    QCheckBox *m_hasPhone = nullptr;
    QCheckBox *m_hasEmail = nullptr;
    QCheckBox *m_hasWebsite = nullptr;
    QCheckBox *m_hasVideo = nullptr;
    QComboBox *m_videoStatus = nullptr;
    QDoubleSpinBox *m_minRating = nullptr;
    QSpinBox *m_minReviews = nullptr;
    QDateEdit *m_createdAfter = nullptr;
    QDateEdit *m_createdBefore = nullptr;
    QToolButton *m_jobChip = nullptr;
    QString m_jobFilter;
    QPushButton *m_fetch = nullptr;
    RecordTableView *m_leadsView = nullptr;
    QLabel *m_leadsEmpty = nullptr;
    QAction *m_scheduleCalls = nullptr;
    QPushButton *m_scheduleButton = nullptr;
    QAction *m_sendOutreach = nullptr;
    QAction *m_voiceCampaign = nullptr;
    QAction *m_voiceCall = nullptr;
    LeadDetailPane *m_detail = nullptr;
    QString m_detailLeadId;
    QString m_pendingLead; // showLead()/showJob() before the row was there
    QString m_pendingJob;

    // Websites
    RecordTableView *m_websitesView = nullptr;
    QLineEdit *m_websiteSearch = nullptr;

    // Status row
    QLabel *m_offline = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_sync = nullptr;
    ExportControl *m_export = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_topSplitter = nullptr;
    QSplitter *m_leadsSplitter = nullptr;
};
