#pragma once

#include "EditorSection.h"
#include "email/LaunchedCampaignsWatcher.h"

#include <QWidget>

#include <QList>
#include <QPair>
#include <QSet>

struct ApiError;
class CampaignEditor;
class CampaignEditorController;
class CredentialStore;
class EmailCampaignsController;
class Notifier;
class OutboundSafety;
class Outreach2dayService;
class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class RecordTableView;
class SuppressionsView;
class UniboxView;
class WebhooksView;

// The Email campaigns page (Outreach2day), in four tabs. Campaigns: the campaigns the console
// knows (name, status, priority, contacts, sent, replies from /stats, last change), New campaign,
// Register by id, Refresh stats, and the campaign editor of the selected one (its dashboard with
// the Sends table, its subsequences). Unibox: the reply threads by intent. Suppressions:
// Outreach2day's list and the do-not-contact list in step. Webhooks: the subscriptions. While a
// launched campaign exists the live feed runs (LaunchedCampaignsWatcher): what it brings refreshes
// the dashboard and the Unibox, a new reply raises a desktop notification, and an unsubscribe
// lands in the do-not-contact list. Holds widgets only: the state is in models/email
// (EmailCampaignsController owns the database and both stores; CampaignEditorController; the
// watcher; each view's controller).
//
// Nothing is opened before the page is first shown (start-up time). Keys: Ctrl+Alt+1..4 the tabs,
// Ctrl+N new campaign, Ctrl+Shift+R register by id, F5 refresh stats (the list), run the preflight
// (its section) or retrieve the sends (the dashboard), Delete forget the selected campaign,
// Alt+1..9 the editor's sections.
class EmailPage : public QWidget
{
    Q_OBJECT
public:
    // `service`, `outbound` (the do-not-contact list and the guard; may be null: nothing can be
    // launched then), `notifier` and `credentials` (the keychain, for webhook secrets; null in demo
    // mode: no webhook subscriptions then) outlive the page.
    EmailPage(Outreach2dayService *service, OutboundSafety *outbound, Notifier *notifier,
              CredentialStore *credentials, const QString &databasePath, QWidget *parent = nullptr);
    ~EmailPage() override;

    // Demo mode: the sandbox's campaigns (name, id), registered when the page opens on an empty list.
    void setDemoCampaigns(const QList<QPair<QString, QString>> &campaigns) { m_demoCampaigns = campaigns; }

    enum class Tab { Campaigns, Unibox, Suppressions, Webhooks };
    void showTab(Tab tab);
    Tab currentTab() const;

    EmailCampaignsController *campaigns() const { return m_campaigns; }
    LaunchedCampaignsWatcher *watcher() const { return m_watcher; }
    UniboxView *unibox() const { return m_unibox; }
    SuppressionsView *suppressions() const { return m_suppressions; }
    WebhooksView *webhooks() const { return m_webhooks; }
    CampaignEditorController *editorController() const { return m_editorController; }
    CampaignEditor *editor() const { return m_editor; }
    // The page's parts' shared context (valid once the page is open).
    const EmailContext &context() const { return m_context; }
    bool ensureOpen();

    void newCampaign();
    void registerCampaign();
    void refreshStats();
    void forgetSelected();
    // Selects a campaign in the list and opens it in the editor.
    void selectCampaign(const QString &campaignId);
    QString selectedCampaign() const;
    // What a notification about a reply opens: the Unibox's interested replies, the thread
    // selected (by id, else the contact's latest).
    void showReply(const QString &threadId, const QString &email);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createList();
    void createActivityTabs();
    void watchLaunchedCampaigns();
    void campaignsMoved(const QStringList &campaignIds);
    // Refreshes the Unibox and raises one desktop notification for a poll's new replies.
    void repliesArrived(const QList<LaunchedCampaignsWatcher::Reply> &replies);
    // Title and message for these replies (one, or how many and from whom).
    QPair<QString, QString> describeReplies(const QList<LaunchedCampaignsWatcher::Reply> &replies) const;
    void notifyReplies(const QList<LaunchedCampaignsWatcher::Reply> &replies);
    QString campaignName(const QString &campaignId) const;
    // The live feed's line under the list: what it watches, its last check, the latest news.
    void showLiveState();
    void showList();
    void openSelected();
    void failed(const QString &what, const ApiError &error);

    Outreach2dayService *m_service;
    OutboundSafety *m_outbound;
    Notifier *m_notifier;
    CredentialStore *m_credentials;
    QList<QPair<QString, QString>> m_demoCampaigns;
    EmailCampaignsController *m_campaigns;
    CampaignEditorController *m_editorController = nullptr;
    LaunchedCampaignsWatcher *m_watcher = nullptr;
    EmailContext m_context;
    QLabel *m_problem;
    QTabWidget *m_tabs = nullptr;
    UniboxView *m_unibox = nullptr;
    SuppressionsView *m_suppressions = nullptr;
    WebhooksView *m_webhooks = nullptr;
    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_listStack = nullptr;
    RecordTableView *m_table = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_forget = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_live = nullptr;
    QString m_livePoll;
    QString m_liveReplies;
    QString m_liveUnsubscribes;
    QSet<QWidget *> m_tabsRead; // the views read from Outreach2day when first shown
    QStackedWidget *m_editorStack = nullptr;
    CampaignEditor *m_editor = nullptr;
};
