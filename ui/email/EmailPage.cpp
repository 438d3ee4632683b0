#include "EmailPage.h"

#include "CampaignDashboard.h"
#include "CampaignDialogs.h"
#include "CampaignEditor.h"
#include "ContactsSection.h"
#include "SuppressionsView.h"
#include "UniboxView.h"
#include "WebhooksView.h"
#include "common/ErrorText.h"
#include "common/LayoutMemory.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "email/CampaignEditorController.h"
#include "email/EmailCampaignStore.h"
#include "email/EmailCampaignsController.h"
#include "email/LaunchedCampaignsWatcher.h"
#include "email/LiveFeed.h"
#include "events/NotificationPolicy.h"
#include "outbound/OutboundSafety.h"
#include "table/RecordTableModel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTime>
#include <QVBoxLayout>

EmailPage::EmailPage(Outreach2dayService *service, OutboundSafety *outbound, Notifier *notifier,
                     CredentialStore *credentials, const QString &databasePath, QWidget *parent)
    : QWidget(parent),
      m_service(service),
      m_outbound(outbound),
      m_notifier(notifier),
      m_credentials(credentials),
      m_campaigns(new EmailCampaignsController(service, databasePath, this)),
      m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("emailPage"));
    auto *layout = new QVBoxLayout(this);
    m_problem->setObjectName(QStringLiteral("emailProblem"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("emailSplitter"));
    m_splitter->addWidget(createList());
    m_editorStack = new QStackedWidget(m_splitter);
    auto *none = new QLabel(tr("Select a campaign to edit it, or create one with New campaign (Ctrl+N)."),
                            m_editorStack);
    none->setObjectName(QStringLiteral("emailNoCampaign"));
    none->setWordWrap(true);
    none->setAlignment(Qt::AlignCenter);
    m_editorStack->addWidget(none);
    m_splitter->addWidget(m_editorStack);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    LayoutMemory::track(m_splitter, QStringLiteral("email/main"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("emailTabs"));
    m_tabs->setAccessibleName(tr("Email campaigns views"));
    m_tabs->addTab(m_splitter, tr("Campaigns"));
    m_tabs->setTabToolTip(0, tr("The campaigns and the editor of the selected one (Ctrl+Alt+1)"));
    layout->addWidget(m_tabs, 1);

    connect(m_campaigns, &EmailCampaignsController::campaignsChanged, this, &EmailPage::showList);
    connect(m_campaigns, &EmailCampaignsController::failed, this, &EmailPage::failed);
    connect(m_campaigns, &EmailCampaignsController::created, this, [this](const QString &id) {
        m_status->setText(tr("Campaign created (%1).").arg(id));
        selectCampaign(id);
    });
    connect(m_campaigns, &EmailCampaignsController::registered, this, [this](const QString &id) {
        m_status->setText(tr("Campaign %1 registered.").arg(id));
        selectCampaign(id);
    });
    connect(m_campaigns, &EmailCampaignsController::busyChanged, this, [this](bool busy) {
        m_refresh->setEnabled(!busy);
        if (busy)
            m_status->setText(tr("Waiting for Outreach2day…"));
    });
    connect(m_campaigns, &EmailCampaignsController::statsRefreshed, this,
            [this](int refreshed, int failedCount) {
                const QString message = failedCount == 0
                        ? tr("Stats read for %n campaign(s).", nullptr, refreshed)
                        : tr("Stats read for %1 campaign(s); %2 failed.").arg(refreshed).arg(failedCount);
                m_status->setText(message);
                if (m_notifier)
                    m_notifier->notify(tr("Email campaigns"), message,
                                       failedCount == 0 ? Notification::Severity::Information
                                                        : Notification::Severity::Warning);
            });

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    // Ctrl+Alt+1..4: the tabs (Ctrl+1..9 are the pages, Alt+1..9 the editor's sections).
    for (Tab tab : {Tab::Campaigns, Tab::Unibox, Tab::Suppressions, Tab::Webhooks})
        shortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key(Qt::Key_1 + int(tab))),
                 [this, tab] { showTab(tab); });
    shortcut(QKeySequence::New, [this] { newCampaign(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] { registerCampaign(); });
    // F5 in the list; the preflight section has its own (it wins inside the editor).
    auto *refreshKey = new QShortcut(QKeySequence::Refresh, m_table);
    refreshKey->setContext(Qt::WidgetShortcut);
    connect(refreshKey, &QShortcut::activated, this, &EmailPage::refreshStats);
    auto *forgetKey = new QShortcut(QKeySequence::Delete, m_table);
    forgetKey->setContext(Qt::WidgetShortcut);
    connect(forgetKey, &QShortcut::activated, this, &EmailPage::forgetSelected);
}

EmailPage::~EmailPage()
{
    // The watcher, the views, the editor's sections and the table read the stores: they go before
    // the controller owning them.
    delete m_watcher;
    m_watcher = nullptr;
    delete m_tabs;
    m_tabs = nullptr;
    m_splitter = nullptr;
    delete m_editorController;
    m_editorController = nullptr;
}

void EmailPage::showTab(Tab tab)
{
    if (int(tab) < m_tabs->count()) {
        m_tabs->setCurrentIndex(int(tab));
        m_tabs->currentWidget()->setFocus(Qt::ShortcutFocusReason);
    }
}

EmailPage::Tab EmailPage::currentTab() const
{
    return Tab(m_tabs->currentIndex());
}

void EmailPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    ensureOpen();
}

bool EmailPage::ensureOpen()
{
    if (m_campaigns->isOpen())
        return true;
    if (!m_campaigns->open()) {
        m_problem->setText(tr("Email campaigns cannot be shown: %1").arg(m_campaigns->problem()));
        m_problem->show();
        return false;
    }
    m_context.service = m_service;
    m_context.store = m_campaigns->store();
    m_context.outbound = m_outbound;
    m_context.notifier = m_notifier;
    m_context.activity = m_campaigns->activity();
    m_context.credentials = m_credentials;
    m_campaigns->seedDemoCampaigns(m_demoCampaigns);
    m_editorController = new CampaignEditorController(m_service, m_campaigns->store(),
                                                      m_outbound ? m_outbound->guard() : nullptr, this);
    m_editor = new CampaignEditor(m_context, m_editorController, m_editorStack);
    m_editorStack->addWidget(m_editor);
    // What the editor changes shows in the list (status, last change).
    connect(m_editor, &CampaignEditor::campaignEdited, m_campaigns, &EmailCampaignsController::reload);
    connect(m_editorController, &CampaignEditorController::campaignChanged, m_campaigns,
            &EmailCampaignsController::reload);
    m_watcher = new LaunchedCampaignsWatcher(m_service, m_campaigns->store(), m_campaigns->activity(),
                                             m_outbound ? m_outbound->store() : nullptr, this);
    // One suppression sync for the page: what the feed's unsubscribes add shows in the view at once.
    m_context.suppressions = m_watcher->suppressions();
    createActivityTabs();
    connect(m_watcher, &LaunchedCampaignsWatcher::campaignsMoved, this, &EmailPage::campaignsMoved);
    connect(m_watcher, &LaunchedCampaignsWatcher::repliesArrived, this, &EmailPage::repliesArrived);
    connect(m_watcher, &LaunchedCampaignsWatcher::doNotContactAdded, this, [this](const QStringList &emails) {
        m_liveUnsubscribes = tr("Unsubscribed, now on the do-not-contact list: %1.")
                                     .arg(emails.join(QStringLiteral(", ")));
        showLiveState();
    });
    connect(m_watcher, &LaunchedCampaignsWatcher::pollFinished, this, [this](const ApiError &error) {
        const QString checked = QLocale().toString(QTime::currentTime(), QLocale::ShortFormat);
        const int watched = int(m_watcher->campaigns().size());
        m_livePoll = error.isError()
                ? tr("Watching %n launched campaign(s); the check at %1 could not read everything: %2",
                     nullptr, watched)
                          .arg(checked, ErrorText::plainText(error))
                : tr("Watching %n launched campaign(s) for replies, bounces and unsubscribes; checked at %1.",
                     nullptr, watched)
                          .arg(checked);
        showLiveState();
    });
    // A launch (or a stats refresh that finds one launched elsewhere) starts the live feed.
    connect(m_campaigns, &EmailCampaignsController::campaignsChanged, this,
            &EmailPage::watchLaunchedCampaigns);
    watchLaunchedCampaigns();
    if (!m_outbound) {
        m_problem->setText(tr("Campaigns can be built here, but not launched or resumed: the do-not-contact "
                              "list is not available."));
        m_problem->show();
    } else {
        m_problem->hide();
    }
    showList();
    return true;
}

void EmailPage::createActivityTabs()
{
    m_unibox = new UniboxView(m_context, m_tabs);
    m_tabs->addTab(m_unibox, tr("Unibox"));
    m_tabs->setTabToolTip(1, tr("Reply threads across every campaign, by intent (Ctrl+Alt+2)"));
    m_suppressions = new SuppressionsView(m_context, m_tabs);
    m_tabs->addTab(m_suppressions, tr("Suppressions"));
    m_tabs->setTabToolTip(2,
                          tr("Outreach2day's suppression list and the do-not-contact list, kept in step "
                             "(Ctrl+Alt+3)"));
    m_webhooks = new WebhooksView(m_context, m_tabs);
    m_tabs->addTab(m_webhooks, tr("Webhooks"));
    m_tabs->setTabToolTip(3,
                          tr("Outreach2day webhook subscriptions, their events and deliveries (Ctrl+Alt+4)"));
    // A thread's links lead to its campaign, or its campaign's contacts, in the editor.
    connect(m_unibox, &UniboxView::campaignRequested, this, [this](const QString &campaignId) {
        showTab(Tab::Campaigns);
        selectCampaign(campaignId);
    });
    connect(m_unibox, &UniboxView::contactRequested, this,
            [this](const QString &campaignId, const QString &contactId) {
                showTab(Tab::Campaigns);
                selectCampaign(campaignId);
                m_editor->showSection(QStringLiteral("contacts"));
                if (auto *contacts =
                            qobject_cast<ContactsSection *>(m_editor->section(QStringLiteral("contacts"))))
                    contacts->selectContact(contactId);
            });
    // Each view reads what it shows from Outreach2day when first looked at.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        QWidget *shown = m_tabs->widget(index);
        if (!shown || m_tabsRead.contains(shown))
            return;
        m_tabsRead.insert(shown);
        if (shown == m_unibox)
            m_unibox->refresh();
        else if (shown == m_suppressions)
            m_suppressions->refresh();
        else if (shown == m_webhooks)
            m_webhooks->refresh();
    });
}

void EmailPage::watchLaunchedCampaigns()
{
    if (!m_watcher)
        return;
    m_watcher->setCampaigns(m_campaigns->launchedCampaigns());
    if (!m_watcher->isWatching())
        m_livePoll.clear();
    showLiveState();
}

void EmailPage::showLiveState()
{
    QStringList lines;
    for (const QString &line : {m_livePoll, m_liveReplies, m_liveUnsubscribes})
        if (!line.isEmpty())
            lines << line;
    m_live->setText(lines.join(QLatin1Char('\n')));
}

void EmailPage::campaignsMoved(const QStringList &campaignIds)
{
    if (m_editor && campaignIds.contains(m_editor->campaignId()))
        m_editor->dashboard()->refresh();
}

void EmailPage::repliesArrived(const QList<LaunchedCampaignsWatcher::Reply> &replies)
{
    m_unibox->refresh(); // the threads, with their intents
    const auto [title, message] = describeReplies(replies);
    m_liveReplies = tr("%1: %2").arg(title, message);
    showLiveState();
    notifyReplies(replies);
}

QPair<QString, QString>
EmailPage::describeReplies(const QList<LaunchedCampaignsWatcher::Reply> &replies) const
{
    const auto who = [](const LaunchedCampaignsWatcher::Reply &reply) {
        return reply.email.isEmpty() ? reply.contactId : reply.email;
    };
    if (replies.size() == 1) {
        const LaunchedCampaignsWatcher::Reply &reply = replies.first();
        const bool interested = reply.intent == QLatin1String("interested");
        QString message = tr("%1 replied to %2.").arg(who(reply), campaignName(reply.campaignId));
        if (!reply.subject.isEmpty())
            message += QLatin1Char(' ') + tr("Subject: %1").arg(reply.subject);
        return {interested ? tr("Interested reply") : tr("New reply"), message};
    }
    int interested = 0;
    QStringList names;
    for (const LaunchedCampaignsWatcher::Reply &reply : replies) {
        if (reply.intent == QLatin1String("interested"))
            ++interested;
        if (names.size() < 3)
            names << who(reply);
    }
    QString message =
            interested > 0 ? tr("%n interested.", nullptr, interested) + QLatin1Char(' ') : QString();
    message += tr("From %1%2.")
                       .arg(names.join(QStringLiteral(", ")),
                            replies.size() > names.size() ? tr(" and others") : QString());
    return {tr("%n new reply(ies)", nullptr, int(replies.size())), message};
}

QString EmailPage::campaignName(const QString &campaignId) const
{
    const auto row = m_campaigns->store()->campaign(campaignId);
    return row && !row->campaign.name.isEmpty() ? row->campaign.name : campaignId;
}

// The feed cannot always tell a reply's intent: each reply it saw is told as a possibly interested
// one, once — a reply the Outreach2day webhook announced already is left out.
void EmailPage::notifyReplies(const QList<LaunchedCampaignsWatcher::Reply> &replies)
{
    if (!m_notifier)
        return;
    QList<LaunchedCampaignsWatcher::Reply> fresh;
    Notification notification;
    notification.kind = NotificationKind::InterestedReply;
    for (const LaunchedCampaignsWatcher::Reply &reply : replies) {
        const QString fact = NotificationPolicy::replyFact(
                reply.campaignId, reply.email.isEmpty() ? reply.contactId : reply.email);
        if (m_notifier->wasNotified(fact))
            continue;
        fresh << reply;
        notification.facts << fact;
    }
    if (fresh.isEmpty())
        return;
    const LaunchedCampaignsWatcher::Reply &first = fresh.first();
    notification.target = {QStringLiteral("email"),
                           NotificationTarget::Subject::Reply,
                           {},
                           first.email.isEmpty() ? first.contactId : first.email};
    std::tie(notification.title, notification.message) = describeReplies(fresh);
    m_notifier->notify(notification);
}

QWidget *EmailPage::createList()
{
    auto *box = new QGroupBox(tr("Email campaigns"), this);
    auto *layout = new QVBoxLayout(box);
    auto *buttons = new QHBoxLayout;
    auto *create = new QPushButton(tr("&New campaign…"), box);
    create->setObjectName(QStringLiteral("emailNewCampaign"));
    create->setToolTip(tr("Create a campaign at Outreach2day (Ctrl+N)"));
    auto *add = new QPushButton(tr("Register by &id…"), box);
    add->setObjectName(QStringLiteral("emailRegisterCampaign"));
    add->setToolTip(tr("Add a campaign created elsewhere, by its id (Ctrl+Shift+R)"));
    m_refresh = new QPushButton(tr("Refresh &stats"), box);
    m_refresh->setObjectName(QStringLiteral("emailRefreshStats"));
    m_refresh->setToolTip(tr("Read every campaign's contacts, sends and replies from Outreach2day (F5 in the "
                             "list)"));
    m_forget = new QPushButton(tr("&Forget"), box);
    m_forget->setObjectName(QStringLiteral("emailForgetCampaign"));
    m_forget->setToolTip(tr("Forget the selected campaign on this computer; it stays at Outreach2day "
                            "(Delete)"));
    buttons->addWidget(create);
    buttons->addWidget(add);
    buttons->addWidget(m_refresh);
    buttons->addStretch();
    buttons->addWidget(m_forget);
    layout->addLayout(buttons);

    m_listStack = new QStackedWidget(box);
    auto *empty = new QLabel(tr("No email campaigns yet. Outreach2day cannot list its campaigns: create one "
                                "here with New campaign, or register one created elsewhere by its id."),
                             box);
    empty->setObjectName(QStringLiteral("emailCampaignsEmpty"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    m_table = new RecordTableView(box);
    m_table->setObjectName(QStringLiteral("emailCampaigns"));
    m_table->setAccessibleName(tr("Email campaigns"));
    RecordTableModel *model = m_campaigns->campaigns();
    m_table->setRecordModel(model, QStringLiteral("email/campaigns"), model->schema().indexOf(u"lastChange"),
                            Qt::DescendingOrder);
    m_table->setSortingEnabled(true);
    m_listStack->addWidget(empty);
    m_listStack->addWidget(m_table);
    layout->addWidget(m_listStack, 1);
    m_status = new QLabel(box);
    m_status->setObjectName(QStringLiteral("emailStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_live = new QLabel(box);
    m_live->setObjectName(QStringLiteral("emailLiveStatus"));
    m_live->setAccessibleName(tr("Live feed"));
    m_live->setWordWrap(true);
    m_live->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_live);

    connect(create, &QPushButton::clicked, this, &EmailPage::newCampaign);
    connect(add, &QPushButton::clicked, this, &EmailPage::registerCampaign);
    connect(m_refresh, &QPushButton::clicked, this, &EmailPage::refreshStats);
    connect(m_forget, &QPushButton::clicked, this, &EmailPage::forgetSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EmailPage::openSelected);
    m_forget->setEnabled(false);
    return box;
}

void EmailPage::showList()
{
    const bool any = m_campaigns->campaignCount() > 0;
    m_listStack->setCurrentIndex(any ? 1 : 0);
    // The list was read again (a model reset): keep the campaign being edited selected.
    if (m_editor && !m_editor->campaignId().isEmpty() && selectedCampaign() != m_editor->campaignId())
        selectCampaign(m_editor->campaignId());
    m_forget->setEnabled(!selectedCampaign().isEmpty());
}

QString EmailPage::selectedCampaign() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return {};
    return m_campaigns->campaignIdAt(current.data(RecordTableModel::TableRowRole).toInt());
}

void EmailPage::selectCampaign(const QString &campaignId)
{
    RecordTableModel *model = m_campaigns->campaigns();
    for (int row = 0; row < model->table().rowCount(); ++row) {
        if (m_campaigns->campaignIdAt(row) != campaignId)
            continue;
        const QModelIndex index = model->indexForTableRow(row);
        if (index.isValid()) {
            m_table->selectionModel()->setCurrentIndex(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_table->scrollTo(index);
        }
        break;
    }
    openSelected();
}

void EmailPage::showReply(const QString &threadId, const QString &email)
{
    if (!ensureOpen())
        return;
    showTab(Tab::Unibox);
    m_unibox->showReply(threadId, email);
}

void EmailPage::openSelected()
{
    if (!m_editor)
        return;
    const QString id = selectedCampaign();
    m_forget->setEnabled(!id.isEmpty());
    if (id.isEmpty())
        return; // a model reset clears the selection: the editor keeps its campaign
    if (id != m_editor->campaignId())
        m_editor->setCampaign(id);
    m_editorStack->setCurrentWidget(m_editor);
}

void EmailPage::failed(const QString &what, const ApiError &error)
{
    const QString message = tr("%1: %2").arg(what, ErrorText::plainText(error));
    m_status->setText(message);
}

void EmailPage::newCampaign()
{
    if (!ensureOpen())
        return;
    NewCampaignDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        m_campaigns->create(dialog.name(), dialog.priority());
}

void EmailPage::registerCampaign()
{
    if (!ensureOpen())
        return;
    RegisterCampaignDialog dialog([this](const QString &id) { return m_campaigns->registrationProblem(id); },
                                  this);
    if (dialog.exec() == QDialog::Accepted)
        m_campaigns->registerCampaign(dialog.campaignId(), dialog.name());
}

void EmailPage::refreshStats()
{
    if (ensureOpen())
        m_campaigns->refreshStats();
}

void EmailPage::forgetSelected()
{
    const QString id = selectedCampaign();
    if (id.isEmpty() || !ensureOpen())
        return;
    if (QMessageBox::question(this, tr("Forget campaign"),
                              tr("Forget the campaign %1 on this computer? It stays at Outreach2day; you can "
                                 "register it again by its id.")
                                      .arg(id)) != QMessageBox::Yes)
        return;
    if (m_editor && m_editor->campaignId() == id) {
        m_editor->setCampaign({});
        m_editorStack->setCurrentIndex(0);
    }
    m_campaigns->forget(id);
}
