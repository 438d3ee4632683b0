#include "SafetyPage.h"

#include "DncEntryDialogs.h"
#include "common/ExportControl.h"
#include "common/RecordTableView.h"
#include "core/Vendor.h"
#include "outbound/DecisionTable.h"
#include "outbound/OutboundSafety.h"
#include "table/RecordTableModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QStandardPaths>
#include <QTabWidget>
#include <QVBoxLayout>

SafetyPage::SafetyPage(OutboundSafety *outbound, Notifier *notifier, QWidget *parent)
    : QWidget(parent),
      m_controller(new SafetyController(outbound->store(), outbound->guard(), this)),
      m_notifier(notifier)
{
    m_chooseImport = [this] {
        return QFileDialog::getOpenFileName(
                this, tr("Import a do-not-contact list"),
                QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation), tr("CSV files (*.csv)"));
    };
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>Safety</b> — who is never contacted, and every outbound attempt"));
    layout->addWidget(title);

    m_storeProblem = new QLabel;
    m_storeProblem->setObjectName(QStringLiteral("safetyStoreProblem"));
    m_storeProblem->setWordWrap(true);
    m_storeProblem->setTextFormat(Qt::PlainText);
    m_storeProblem->hide();
    layout->addWidget(m_storeProblem);

    auto *banner = new QHBoxLayout;
    m_unknownBanner = new QLabel;
    m_unknownBanner->setObjectName(QStringLiteral("unknownOutcomes"));
    m_unknownBanner->setWordWrap(true);
    m_unknownBanner->setAutoFillBackground(true);
    m_unknownBanner->setBackgroundRole(QPalette::ToolTipBase);
    m_unknownBanner->setForegroundRole(QPalette::ToolTipText);
    m_unknownBanner->setMargin(6);
    m_showUnknown = new QPushButton(tr("Show &them"));
    m_showUnknown->setObjectName(QStringLiteral("showUnknownOutcomes"));
    connect(m_showUnknown, &QPushButton::clicked, this, [this] {
        m_tabs->setCurrentIndex(1);
        m_unknownOnly->setChecked(true);
    });
    banner->addWidget(m_unknownBanner, 1);
    banner->addWidget(m_showUnknown);
    layout->addLayout(banner);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("safetyTabs"));
    m_tabs->addTab(buildListTab(), tr("&Do-not-contact list"));
    m_tabs->addTab(buildAuditTab(), tr("&Audit log"));
    // The tab the operator was on comes back next time, like the table layouts.
    const QString tabKey = QStringLiteral("layout/safety/tab");
    m_tabs->setCurrentIndex(QSettings().value(tabKey, 0).toInt());
    connect(m_tabs, &QTabWidget::currentChanged, this,
            [tabKey](int index) { QSettings().setValue(tabKey, index); });
    layout->addWidget(m_tabs, 1);

    // Page shortcuts are QShortcuts in the page's context, like the other pages' (not actions the
    // main window would see as its own).
    auto *refresh = new QShortcut(QKeySequence::Refresh, this);
    refresh->setContext(Qt::WidgetWithChildrenShortcut);
    connect(refresh, &QShortcut::activated, m_controller, &SafetyController::reload);

    connect(m_controller, &SafetyController::listChanged, this, &SafetyPage::showListState);
    connect(m_controller, &SafetyController::auditChanged, this, &SafetyPage::showAuditState);
    connect(m_controller, &SafetyController::storeProblemChanged, this, [this](const QString &problem) {
        m_storeProblem->setText(problem);
        m_storeProblem->setVisible(!problem.isEmpty());
    });
    connect(m_controller, &SafetyController::importingChanged, this, &SafetyPage::showImport);
    connect(m_controller, &SafetyController::importFinished, this, &SafetyPage::showImportReport);
    showImport(false);
    showListState();
    showAuditState();
}

QWidget *SafetyPage::buildListTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    auto *bar = new QHBoxLayout;
    m_listSearch = new QLineEdit;
    m_listSearch->setObjectName(QStringLiteral("dncSearch"));
    m_listSearch->setAccessibleName(tr("Search the do-not-contact list"));
    m_listSearch->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_listSearch->setClearButtonEnabled(true);
    connect(m_listSearch, &QLineEdit::textChanged, m_controller, &SafetyController::setListFilterText);
    bar->addWidget(m_listSearch, 1);
    m_add = new QPushButton(tr("Add…"));
    m_add->setObjectName(QStringLiteral("dncAddButton"));
    m_add->setToolTip(tr("Add a number, an address or @domain (Ctrl+N)"));
    connect(m_add, &QPushButton::clicked, this, &SafetyPage::addEntry);
    bar->addWidget(m_add);
    m_remove = new QPushButton(tr("Remove…"));
    m_remove->setObjectName(QStringLiteral("dncRemoveButton"));
    m_remove->setToolTip(tr("Remove the selected entry, with a reason (Delete)"));
    connect(m_remove, &QPushButton::clicked, this, &SafetyPage::removeSelectedEntry);
    bar->addWidget(m_remove);
    m_import = new QPushButton(tr("Import CSV…"));
    m_import->setObjectName(QStringLiteral("dncImportButton"));
    m_import->setToolTip(tr("Add every row of a CSV file, or none when a row is invalid (Ctrl+I)"));
    connect(m_import, &QPushButton::clicked, this, &SafetyPage::importCsv);
    bar->addWidget(m_import);
    m_importProgress = new QProgressBar;
    m_importProgress->setObjectName(QStringLiteral("dncImportProgress"));
    m_importProgress->setAccessibleName(tr("Import progress"));
    m_importProgress->setRange(0, 0); // reading a file has no known length in rows
    m_importProgress->setFormat(tr("Importing…"));
    bar->addWidget(m_importProgress);
    m_importCancel = new QPushButton(tr("Cancel import"));
    m_importCancel->setObjectName(QStringLiteral("dncImportCancel"));
    m_importCancel->setToolTip(tr("Stop; nothing from the file is added"));
    connect(m_importCancel, &QPushButton::clicked, m_controller, &SafetyController::cancelImport);
    bar->addWidget(m_importCancel);
    m_listExportControl = new ExportControl(m_controller->listExport(), m_notifier);
    m_listExportControl->setSource([this] {
        return ExportControl::Source{m_controller->doNotContact(), QStringLiteral("do-not-contact.csv")};
    });
    m_listExportControl->attachShortcut(tab);
    bar->addWidget(m_listExportControl);
    layout->addLayout(bar);

    m_listStatus = new QLabel;
    m_listStatus->setObjectName(QStringLiteral("dncStatus"));
    m_listStatus->setWordWrap(true);
    m_listStatus->setTextFormat(Qt::PlainText);
    m_listStatus->hide();
    layout->addWidget(m_listStatus);
    m_importProblems = new QPlainTextEdit;
    m_importProblems->setObjectName(QStringLiteral("dncImportProblems"));
    m_importProblems->setAccessibleName(tr("Rows that cannot be imported"));
    m_importProblems->setReadOnly(true);
    m_importProblems->setMaximumHeight(m_importProblems->fontMetrics().lineSpacing() * 6);
    m_importProblems->hide();
    layout->addWidget(m_importProblems);

    m_listEmpty = new QLabel(tr("The do-not-contact list is empty. Add a number, an address or @domain, or "
                                "import a CSV file: nobody on it is called or emailed by any vendor."));
    m_listEmpty->setObjectName(QStringLiteral("dncEmpty"));
    m_listEmpty->setWordWrap(true);
    m_listEmpty->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_listEmpty, 1); // takes the table's place: the bar stays on top
    m_listView = new RecordTableView;
    m_listView->setObjectName(QStringLiteral("dncTable"));
    m_listView->setAccessibleName(tr("Do-not-contact list"));
    m_listView->setRecordModel(m_controller->doNotContact(), QStringLiteral("safety/dncColumns"),
                               SafetyController::ListAddedAt, Qt::DescendingOrder);
    m_listView->setSortingEnabled(true);
    m_listView->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(m_listView, 1);

    const auto shortcut = [this](const QKeySequence &keys, QWidget *context, auto slot) {
        auto *s = new QShortcut(keys, context);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_N), tab, &SafetyPage::addEntry);
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_I), tab, &SafetyPage::importCsv);
    shortcut(QKeySequence::Delete, m_listView, &SafetyPage::removeSelectedEntry);
    shortcut(QKeySequence::Find, tab, [this] {
        m_listSearch->setFocus();
        m_listSearch->selectAll();
    });
    connect(m_listView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SafetyPage::showListState);
    return tab;
}

QWidget *SafetyPage::buildAuditTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    auto *bar = new QHBoxLayout;
    m_auditSearch = new QLineEdit;
    m_auditSearch->setObjectName(QStringLiteral("auditSearch"));
    m_auditSearch->setAccessibleName(tr("Search the audit log"));
    m_auditSearch->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_auditSearch->setClearButtonEnabled(true);
    connect(m_auditSearch, &QLineEdit::textChanged, this, &SafetyPage::applyAuditFilter);
    bar->addWidget(m_auditSearch, 1);

    m_vendor = new QComboBox;
    m_vendor->setObjectName(QStringLiteral("auditVendor"));
    m_vendor->setAccessibleName(tr("Vendor"));
    m_vendor->addItem(tr("Every vendor"), QString());
    bar->addWidget(m_vendor);
    m_verdict = new QComboBox;
    m_verdict->setObjectName(QStringLiteral("auditVerdict"));
    m_verdict->setAccessibleName(tr("Verdict"));
    m_verdict->addItem(tr("Every verdict"), QString());
    bar->addWidget(m_verdict);
    m_period = new QComboBox;
    m_period->setObjectName(QStringLiteral("auditPeriod"));
    m_period->setAccessibleName(tr("Time"));
    m_period->addItem(tr("Any time"), 0);
    m_period->addItem(tr("Last 24 hours"), 1);
    m_period->addItem(tr("Last 7 days"), 7);
    m_period->addItem(tr("Last 30 days"), 30);
    bar->addWidget(m_period);
    m_unknownOnly = new QCheckBox(tr("&Unknown outcome only"));
    m_unknownOnly->setObjectName(QStringLiteral("auditUnknownOnly"));
    bar->addWidget(m_unknownOnly);
    for (QComboBox *combo : {m_vendor, m_verdict, m_period})
        connect(combo, &QComboBox::currentIndexChanged, this, &SafetyPage::applyAuditFilter);
    connect(m_unknownOnly, &QCheckBox::toggled, this, &SafetyPage::applyAuditFilter);

    m_auditExportControl = new ExportControl(m_controller->auditExport(), m_notifier);
    m_auditExportControl->setSource([this] {
        return ExportControl::Source{m_controller->audit(), QStringLiteral("audit-log.csv")};
    });
    m_auditExportControl->attachShortcut(tab);
    bar->addWidget(m_auditExportControl);
    layout->addLayout(bar);

    m_auditEmpty = new QLabel(tr("No outbound attempt yet. Every call or email the console is asked to send "
                                 "— allowed or refused — is recorded here with its outcome."));
    m_auditEmpty->setObjectName(QStringLiteral("auditEmpty"));
    m_auditEmpty->setWordWrap(true);
    m_auditEmpty->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_auditEmpty, 1);
    m_auditView = new RecordTableView;
    m_auditView->setObjectName(QStringLiteral("auditTable"));
    m_auditView->setAccessibleName(tr("Audit log"));
    m_auditView->setItemDelegate(new UnknownOutcomeDelegate(SafetyController::AuditOutcome, m_auditView));
    m_auditView->setRecordModel(m_controller->audit(), QStringLiteral("safety/auditColumns"),
                                SafetyController::AuditAt, Qt::DescendingOrder);
    m_auditView->setSortingEnabled(true);
    layout->addWidget(m_auditView, 1);

    auto *find = new QShortcut(QKeySequence::Find, tab);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        m_auditSearch->setFocus();
        m_auditSearch->selectAll();
    });
    return tab;
}

void SafetyPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_controller->open(); // the first time only: start-up never reads the database for this page
}

void SafetyPage::showListState()
{
    const bool empty = m_controller->isOpen() && m_controller->doNotContact()->table().rowCount() == 0;
    m_listEmpty->setVisible(empty);
    m_listView->setVisible(!empty);
    m_listExportControl->setEnabled(!empty);
    m_remove->setEnabled(!m_listView->selectionModel()->selectedRows().isEmpty());
}

void SafetyPage::showAuditState()
{
    const bool empty = m_controller->isOpen() && m_controller->audit()->table().rowCount() == 0;
    m_auditEmpty->setVisible(empty);
    m_auditView->setVisible(!empty);
    m_auditExportControl->setEnabled(!empty);
    refillChoices(m_vendor, m_controller->auditChoices(SafetyController::AuditVendor));
    refillChoices(m_verdict, m_controller->auditChoices(SafetyController::AuditVerdict));
    const int unknown = m_controller->unknownOutcomeCount();
    m_unknownBanner->setText(tr(
            "%n send(s) have an unknown outcome: the console stopped between sending and saving the vendor's "
            "answer. They are never sent again; check them on the vendor's dashboard.",
            nullptr, unknown));
    m_unknownBanner->setVisible(unknown > 0);
    m_showUnknown->setVisible(unknown > 0);
}

void SafetyPage::refillChoices(QComboBox *combo, const QStringList &values)
{
    // Keeps the current choice; adds the values that appeared since.
    for (const QString &value : values) {
        if (combo->findData(value) >= 0)
            continue;
        QString text = value;
        if (combo == m_vendor) {
            if (const auto vendor = Vendors::fromId(value))
                text = Vendors::displayName(*vendor);
        } else {
            text = DecisionTable::verdictTitle(value);
        }
        combo->addItem(text, value);
    }
}

void SafetyPage::applyAuditFilter()
{
    SafetyController::AuditFilter filter;
    filter.text = m_auditSearch->text();
    filter.vendor = m_vendor->currentData().toString();
    filter.verdict = m_verdict->currentData().toString();
    filter.lastDays = m_period->currentData().toInt();
    filter.unknownOnly = m_unknownOnly->isChecked();
    m_controller->setAuditFilter(filter);
}

void SafetyPage::addEntry()
{
    AddDncEntryDialog dialog(this);
    while (dialog.exec() == QDialog::Accepted) {
        const QString problem = m_controller->add(dialog.entry(), dialog.reason());
        if (problem.isEmpty())
            return;
        dialog.problemLabel()->setText(problem); // the store refused: say why, keep what was typed
    }
}

void SafetyPage::removeSelectedEntry()
{
    const QModelIndexList rows = m_listView->selectionModel()->selectedRows(SafetyController::ListEntry);
    if (rows.isEmpty())
        return;
    const QString entry = rows.first().data(RecordTableModel::RawRole).toString();
    RemoveDncEntryDialog dialog(entry, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString problem = m_controller->remove(entry, dialog.reason());
    m_listStatus->setText(
            problem.isEmpty() ? tr("%1 was removed; the removal is in the audit log.").arg(entry) : problem);
    m_listStatus->show();
    m_importProblems->hide();
}

void SafetyPage::importCsv()
{
    if (m_controller->isImporting())
        return;
    const QString path = m_chooseImport ? m_chooseImport() : QString();
    if (!path.isEmpty())
        m_controller->startImport(path, QString());
}

void SafetyPage::showImport(bool importing)
{
    m_importProgress->setVisible(importing);
    m_importCancel->setVisible(importing);
    m_import->setEnabled(!importing);
}

void SafetyPage::showImportReport(const SafetyController::ImportReport &report)
{
    m_listStatus->setText(report.summary());
    m_listStatus->show();
    QStringList lines;
    for (const DncCsv::Problem &problem : report.problems)
        lines.append(problem.line > 0 ? tr("Line %1: %2").arg(problem.line).arg(problem.sentence)
                                      : problem.sentence);
    m_importProblems->setPlainText(lines.join(QLatin1Char('\n')));
    m_importProblems->setVisible(!lines.isEmpty());
}
