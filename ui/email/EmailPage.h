#pragma once

#include "EditorSection.h"

#include <QWidget>

struct ApiError;
class CampaignEditor;
class CampaignEditorController;
class EmailCampaignsController;
class Notifier;
class OutboundSafety;
class Outreach2dayService;
class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;
class RecordTableView;

// The Email campaigns page (Outreach2day): the campaigns the console knows (name, status,
// priority, contacts, sent, replies from /stats, last change), New campaign, Register by id,
// Refresh stats, and the campaign editor of the selected one. Holds widgets only: the list's
// state is EmailCampaignsController's, the editor's CampaignEditorController's (models/email).
//
// Nothing is opened before the page is first shown (start-up time). Keys: Ctrl+N new campaign,
// Ctrl+Shift+R register by id, F5 refresh stats (the list) or run the preflight (its section),
// Delete forget the selected campaign, Alt+1..7 the editor's sections.
class EmailPage : public QWidget
{
    Q_OBJECT
public:
    // `service`, `outbound` (the do-not-contact list and the guard; may be null: nothing can be
    // launched then) and `notifier` outlive the page.
    EmailPage(Outreach2dayService *service, OutboundSafety *outbound, Notifier *notifier,
              const QString &databasePath, QWidget *parent = nullptr);
    ~EmailPage() override;

    EmailCampaignsController *campaigns() const { return m_campaigns; }
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

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createList();
    void showList();
    void openSelected();
    void failed(const QString &what, const ApiError &error);

    Outreach2dayService *m_service;
    OutboundSafety *m_outbound;
    Notifier *m_notifier;
    EmailCampaignsController *m_campaigns;
    CampaignEditorController *m_editorController = nullptr;
    EmailContext m_context;
    QLabel *m_problem;
    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_listStack = nullptr;
    RecordTableView *m_table = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_forget = nullptr;
    QLabel *m_status = nullptr;
    QStackedWidget *m_editorStack = nullptr;
    CampaignEditor *m_editor = nullptr;
};
