#include "MainWindow.h"

#include "AfterFirstFrame.h"
#include "accounts/AccountsPage.h"
#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"
#include "calls/CallsPage.h"
#include "common/Icons.h"
#include "common/Notifier.h"
#include "common/VendorStatusIndicators.h"
#include "email/EmailPage.h"
#include "events/DemoReceiverHooks.h"
#include "events/LiveEvents.h"
#include "events/NotificationPolicy.h"
#include "leads/LeadsPage.h"
#include "outbound/OutboundSafety.h"
#include "pages/DashboardPage.h"
#include "unloopa/SendOutreachDialog.h"
#include "unloopa/UnloopaVoicePage.h"
#include "voice/VoicePage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>

namespace {
const QString GeometryKey = QStringLiteral("mainWindow/geometry");
const QString StateKey = QStringLiteral("mainWindow/state");
const QString SplitterKey = QStringLiteral("mainWindow/splitter");
const QString PageKey = QStringLiteral("mainWindow/page");
} // namespace

MainWindow::MainWindow(ServiceHub *hub, QWidget *parent)
    : QMainWindow(parent),
      m_hub(hub),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_navigation(new QListWidget(m_splitter)),
      m_stack(new QStackedWidget(m_splitter)),
      m_notifier(nullptr),
      m_indicators(new VendorStatusIndicators(hub, this)),
      m_afterFirstFrame(new AfterFirstFrame(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    if (hub->isDemo())
        setWindowTitle(tr("Demo mode — sandbox"));

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Navigation"));
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setUniformItemSizes(true);
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    m_stack->setObjectName(QStringLiteral("pages"));
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    setCentralWidget(m_splitter);

    statusBar()->addPermanentWidget(m_indicators);
    if (hub->isDemo()) {
        auto *demo = new QLabel(tr("Demo mode — sandbox"), this);
        demo->setObjectName(QStringLiteral("demoLabel"));
        demo->setAccessibleName(tr("Demo mode — sandbox"));
        // Highlight colours, not a bold face: a second font face costs the first frame its load.
        demo->setForegroundRole(QPalette::HighlightedText);
        demo->setBackgroundRole(QPalette::Highlight);
        demo->setAutoFillBackground(true);
        demo->setContentsMargins(6, 0, 6, 0);
        statusBar()->addWidget(demo);
    }
    m_notifier = new Notifier(this, statusBar(), this);
    connect(m_notifier, &Notifier::activated, this, &MainWindow::openTarget);

    createNavigation();
    createMenus();
    connect(m_navigation, &QListWidget::currentRowChanged, this, &MainWindow::goTo);
    connect(m_indicators, &VendorStatusIndicators::vendorActivated, this, &MainWindow::showAccount);
    restoreLayout();

    connect(m_afterFirstFrame, &AfterFirstFrame::firstFrame, this, &MainWindow::deferPages);
    connect(m_afterFirstFrame, &AfterFirstFrame::finished, this, &MainWindow::started);
}

MainWindow::~MainWindow()
{
    saveLayout();
    // The pages (and their stores), then the guard, go before the demo store's directory does.
    delete takeCentralWidget();
    m_demoHooks.reset();
    m_liveEvents.reset();
    m_outbound.reset();
}

void MainWindow::deferUntilShown(std::function<void()> step)
{
    m_afterFirstFrame->add(std::move(step));
}

bool MainWindow::isStarted() const
{
    return m_afterFirstFrame->isFinished();
}

void MainWindow::deferPages()
{
    // After the program's own steps: the pages, the current one first (ensurePage() builds each
    // once, also when the operator goes to one meanwhile), then the connection tests.
    m_afterFirstFrame->add([this] { ensurePage(m_stack->currentIndex()); });
    for (int i = 0; i < m_entries.size(); ++i)
        m_afterFirstFrame->add([this, i] { ensurePage(i); });
    m_afterFirstFrame->add([this] {
        testConfiguredAccounts();
        watchCredentials();
    });
}

// Live status: whatever gets configured from now on is tested at once.
void MainWindow::watchCredentials()
{
    connect(m_hub, &ServiceHub::credentialsChanged, this, [this](Vendor vendor) {
        if (m_hub->hasCredentials(vendor))
            m_hub->tester()->test(vendor, this, nullptr);
    });
}

void MainWindow::createNavigation()
{
    m_entries = Pages::all();
    for (const PageEntry &entry : std::as_const(m_entries)) {
        m_pages.append(nullptr);
        m_stack->addWidget(new QWidget(m_stack)); // until the page is built
        auto *item = new QListWidgetItem(Icons::themed(entry.icon, palette()), entry.title, m_navigation);
        item->setData(Qt::UserRole, entry.id);
        item->setData(Qt::AccessibleTextRole, entry.title);
    }
    m_navigation->setCurrentRow(0);
    // Wide enough for the longest title: the splitter may widen it, never clip it.
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setMinimumWidth(m_navigation->sizeHintForColumn(0) + 2 * m_navigation->frameWidth() +
                                  m_navigation->verticalScrollBar()->sizeHint().width());
}

PageContext MainWindow::pageContext()
{
    PageContext context{m_hub, m_notifier, {}};
    if (m_hub->isDemo()) {
        if (!m_demoData)
            m_demoData = std::make_unique<QTemporaryDir>();
        if (m_demoData->isValid())
            context.databasePath = m_demoData->filePath(QStringLiteral("demo.sqlite"));
    }
    if (!m_outbound) {
        m_outbound = std::make_unique<OutboundSafety>(context.databasePath);
        m_outbound->install(*m_hub);
    }
    context.outbound = m_outbound.get();
    if (!m_liveEvents) {
        m_liveEvents = std::make_unique<LiveEvents>(LiveEvents::Dependencies{
                context.databasePath, m_hub->webhookSecretStore(), m_outbound->store(), m_hub->outreach2day(),
                m_hub->unlimcall(), m_hub->unloopa(), m_hub->verloop()});
        m_liveEvents->applySettings();
        if (m_hub->isDemo())
            m_demoHooks = std::make_unique<DemoReceiverHooks>(m_liveEvents.get(), m_hub->unlimcall(),
                                                              m_hub->webhookSecretStore());
        // Every new event, whichever source saw it, may be one the operator acts on.
        connect(m_liveEvents.get(), &LiveEvents::eventStored, this, [this](const StoredEvent &event) {
            if (const std::optional<Notification> notification = NotificationPolicy::forEvent(event))
                m_notifier->notify(*notification);
        });
    }
    context.liveEvents = m_liveEvents.get();
    return context;
}

QWidget *MainWindow::ensurePage(int index)
{
    if (index < 0 || index >= m_entries.size())
        return nullptr;
    if (m_pages.at(index))
        return m_pages.at(index);

    const PageEntry &entry = m_entries.at(index);
    QWidget *page = entry.create(pageContext());
    page->setObjectName(QStringLiteral("page-") + entry.id);
    page->setAccessibleName(entry.title);
    if (auto *dashboard = qobject_cast<DashboardPage *>(page))
        connect(dashboard, &DashboardPage::openAccounts, this, &MainWindow::showAccount);
    // Leads → Voice: the Voice page schedules the selected leads' calls (the operator stays here).
    if (auto *leads = qobject_cast<LeadsPage *>(page)) {
        connect(leads, &LeadsPage::scheduleVerloopCallsRequested, this, [this](const ContactList &contacts) {
            if (auto *voice = qobject_cast<VoicePage *>(
                        ensurePage(int(pageIds().indexOf(QStringLiteral("voice"))))))
                voice->scheduleForContacts(contacts, this);
        });
        // Leads → Unloopa email: the dialog sends through the guard, the operator stays on the page.
        connect(leads, &LeadsPage::sendOutreachRequested, this, [this](const QList<UnloopaLead> &selected) {
            auto *dialog = new SendOutreachDialog(selected, m_hub->unloopa(),
                                                  m_outbound ? m_outbound->guard() : nullptr, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->setModal(true);
            dialog->show();
        });
        // Leads → Unloopa Voice: the single-call dialog for the lead (the operator stays here).
        connect(leads, &LeadsPage::voiceCallRequested, this, [this](const UnloopaLead &lead) {
            if (auto *voice = qobject_cast<UnloopaVoicePage *>(
                        ensurePage(int(pageIds().indexOf(QStringLiteral("unloopa-voice"))))))
                voice->callLead(lead);
        });
        // Leads → Unloopa Voice: the campaign dialog for the selected leads opens there.
        connect(leads, &LeadsPage::voiceCampaignRequested, this, [this](const QList<UnloopaLead> &selected) {
            if (auto *unloopa = qobject_cast<UnloopaVoicePage *>(
                        ensurePage(int(pageIds().indexOf(QStringLiteral("unloopa-voice")))))) {
                showPage(QStringLiteral("unloopa-voice"));
                unloopa->createCampaignFor(selected);
            }
        });
    }
    m_pages[index] = page;

    QWidget *placeholder = m_stack->widget(index);
    const bool current = m_stack->currentIndex() == index;
    m_stack->insertWidget(index, page);
    if (current)
        m_stack->setCurrentIndex(index);
    m_stack->removeWidget(placeholder);
    delete placeholder;
    return page;
}

void MainWindow::goTo(int index)
{
    // Before the first frame (restoring the last page) the placeholder is enough.
    if (m_afterFirstFrame->hasFrame())
        ensurePage(index);
    m_stack->setCurrentIndex(index);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < m_entries.size(); ++i) {
        const QString id = m_entries.at(i).id;
        QAction *action = go->addAction(m_entries.at(i).title, this, [this, id] { showPage(id); });
        action->setObjectName(QStringLiteral("go-") + id);
        if (i < 9)
            action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        // Tooltips on the navigation say the shortcut, too.
        if (QListWidgetItem *item = m_navigation->item(i))
            item->setToolTip(QStringLiteral("%1 (%2)").arg(
                    m_entries.at(i).title, action->shortcut().toString(QKeySequence::NativeText)));
    }
    go->addSeparator();
    QAction *testAll = go->addAction(tr("&Test all connections"), this, &MainWindow::testConfiguredAccounts);
    // Not F5: pages use F5 for their own refresh, and equal shortcuts cancel each other out.
    testAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Campaign Console"), this, [this] {
        QMessageBox::about(this, tr("About Campaign Console"),
                           tr("<b>Campaign Console %1</b><p>One desktop console for outbound campaigns "
                              "across Unloopa, UnlimCall, Verloop and Outreach2day.</p>")
                                   .arg(QApplication::applicationVersion().toHtmlEscaped()));
    });
    about->setMenuRole(QAction::AboutRole);
}

QStringList MainWindow::pageIds() const
{
    QStringList ids;
    for (const PageEntry &entry : m_entries)
        ids << entry.id;
    return ids;
}

QWidget *MainWindow::page(const QString &id) const
{
    const int index = int(pageIds().indexOf(id));
    return index < 0 ? nullptr : m_pages.at(index);
}

QString MainWindow::currentPageId() const
{
    const int index = m_stack->currentIndex();
    return index >= 0 && index < m_entries.size() ? m_entries.at(index).id : QString();
}

void MainWindow::showPage(const QString &id)
{
    const int index = int(pageIds().indexOf(id));
    if (index >= 0)
        m_navigation->setCurrentRow(index);
}

void MainWindow::showAccount(Vendor vendor)
{
    showPage(QStringLiteral("accounts"));
    if (auto *accounts = qobject_cast<AccountsPage *>(page(QStringLiteral("accounts"))))
        accounts->focusVendor(vendor);
}

void MainWindow::openTarget(const NotificationTarget &target)
{
    const int index = int(pageIds().indexOf(target.pageId));
    QWidget *shown = ensurePage(index);
    if (!shown)
        return;
    showPage(target.pageId);
    using Subject = NotificationTarget::Subject;
    if (auto *leads = qobject_cast<LeadsPage *>(shown)) {
        if (target.subject == Subject::Lead)
            leads->showLead(target.id);
        else if (target.subject == Subject::Job)
            leads->showJob(target.id);
    } else if (auto *calls = qobject_cast<CallsPage *>(shown)) {
        if (target.subject == Subject::Call)
            calls->showCall(target.id, target.contact);
    } else if (auto *email = qobject_cast<EmailPage *>(shown)) {
        if (target.subject == Subject::Reply)
            email->showReply(target.id, target.contact);
    }
}

void MainWindow::testConfiguredAccounts()
{
    for (Vendor vendor : Vendors::all()) {
        if (m_hub->hasCredentials(vendor))
            m_hub->tester()->test(vendor, this, nullptr);
    }
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(SplitterKey, m_splitter->saveState());
    settings.setValue(PageKey, currentPageId());
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray()))
        resize(1100, 720);
    restoreState(settings.value(StateKey).toByteArray());
    if (!m_splitter->restoreState(settings.value(SplitterKey).toByteArray()))
        m_splitter->setSizes({190, 910});
    const QString page = settings.value(PageKey).toString();
    if (!page.isEmpty())
        showPage(page);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        retheme();
}

void MainWindow::retheme()
{
    for (int i = 0; i < m_entries.size() && i < m_navigation->count(); ++i)
        m_navigation->item(i)->setIcon(Icons::themed(m_entries.at(i).icon, palette()));
}
