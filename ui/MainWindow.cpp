#include "MainWindow.h"

#include "accounts/AccountsPage.h"
#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"
#include "common/Icons.h"
#include "common/Notifier.h"
#include "common/VendorStatusIndicators.h"
#include "pages/DashboardPage.h"

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
      m_indicators(new VendorStatusIndicators(hub, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    if (hub->isDemo())
        setWindowTitle(QStringLiteral("Demo mode — sandbox"));

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(QStringLiteral("Navigation"));
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
        auto *demo = new QLabel(QStringLiteral("Demo mode — sandbox"), this);
        demo->setObjectName(QStringLiteral("demoLabel"));
        demo->setAccessibleName(QStringLiteral("Demo mode — sandbox"));
        QFont font = demo->font();
        font.setBold(true);
        demo->setFont(font);
        statusBar()->addWidget(demo);
    }
    m_notifier = new Notifier(this, statusBar(), this);

    createPages();
    createMenus();
    connect(m_navigation, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_indicators, &VendorStatusIndicators::vendorActivated, this, &MainWindow::showAccount);
    restoreLayout();

    // Live status from the start: test what is configured now, and whatever gets configured later.
    QTimer::singleShot(0, this, &MainWindow::testConfiguredAccounts);
    connect(hub, &ServiceHub::credentialsChanged, this, [this](Vendor vendor) {
        if (m_hub->hasCredentials(vendor))
            m_hub->tester()->test(vendor, this, nullptr);
    });
}

MainWindow::~MainWindow()
{
    saveLayout();
    // The pages (and their stores) go before the demo store's directory does.
    delete takeCentralWidget();
}

void MainWindow::createPages()
{
    PageContext context{m_hub, m_notifier, {}};
    if (m_hub->isDemo()) {
        m_demoData = std::make_unique<QTemporaryDir>();
        if (m_demoData->isValid())
            context.databasePath = m_demoData->filePath(QStringLiteral("demo.sqlite"));
    }
    m_entries = Pages::all();
    for (const PageEntry &entry : std::as_const(m_entries)) {
        QWidget *page = entry.create(context);
        page->setObjectName(QStringLiteral("page-") + entry.id);
        page->setAccessibleName(entry.title);
        m_stack->addWidget(page);
        auto *item = new QListWidgetItem(Icons::themed(entry.icon, palette()), entry.title, m_navigation);
        item->setData(Qt::UserRole, entry.id);
        item->setData(Qt::AccessibleTextRole, entry.title);
        if (auto *dashboard = qobject_cast<DashboardPage *>(page))
            connect(dashboard, &DashboardPage::openAccounts, this, &MainWindow::showAccount);
    }
    m_navigation->setCurrentRow(0);
    // Wide enough for the longest title: the splitter may widen it, never clip it.
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setMinimumWidth(m_navigation->sizeHintForColumn(0) + 2 * m_navigation->frameWidth() +
                                  m_navigation->verticalScrollBar()->sizeHint().width());
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *go = menuBar()->addMenu(QStringLiteral("&Go"));
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
    QAction *testAll =
            go->addAction(QStringLiteral("&Test all connections"), this, &MainWindow::testConfiguredAccounts);
    // Not F5: pages use F5 for their own refresh, and equal shortcuts cancel each other out.
    testAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    QAction *about = help->addAction(QStringLiteral("&About Campaign Console"), this, [this] {
        QMessageBox::about(
                this, QStringLiteral("About Campaign Console"),
                QStringLiteral("<b>Campaign Console %1</b><p>One desktop console for outbound campaigns "
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
    return index < 0 ? nullptr : m_stack->widget(index);
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
