#include "VoicePage.h"

#include "CampaignDialog.h"
#include "ScheduleCallsDialog.h"
#include "common/ExportControl.h"
#include "common/LayoutMemory.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "common/UnknownOutcomeDelegate.h"
#include "controllers/VoiceController.h"
#include "export/ExportJob.h"
#include "table/RecordTableModel.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QString windowText(const VerloopCampaignEntry &entry)
{
    if (!entry.window.start.isValid())
        return VoicePage::tr("none");
    return QStringLiteral("%1–%2").arg(entry.window.start.toString(QStringLiteral("HH:mm")),
                                       entry.window.end.toString(QStringLiteral("HH:mm")));
}

QString daysText(const VerloopCampaignEntry &entry)
{
    if (entry.window.days.isEmpty())
        return VoicePage::tr("every day");
    QStringList days;
    const QLocale locale;
    for (int day : entry.window.days)
        days << locale.dayName(day, QLocale::ShortFormat);
    return days.join(QStringLiteral(", "));
}

} // namespace

VoicePage::VoicePage(ServiceHub *hub, OutboundGuard *guard, Notifier *notifier, const QString &databasePath,
                     QWidget *parent)
    : QWidget(parent), m_controller(new VoiceController(hub, guard, databasePath, this)), m_notifier(notifier)
{
    setObjectName(QStringLiteral("voicePage"));
    auto *layout = new QVBoxLayout(this);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("voiceProblem"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("voiceSplitter"));
    m_splitter->addWidget(createCampaigns());
    m_splitter->addWidget(createScheduledCalls());
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);
    layout->addWidget(m_splitter, 1);
    LayoutMemory::track(m_splitter, QStringLiteral("voice/main"));

    connect(m_controller, &VoiceController::campaignsChanged, this, &VoicePage::showCampaigns);
    connect(m_controller, &VoiceController::scheduledCallsChanged, this, &VoicePage::showScheduledCallsState);
    connect(m_controller, &VoiceController::storeFailed, this, [this](const QString &problem) {
        m_status->setText(problem);
        if (m_notifier)
            m_notifier->notify(tr("Voice"), problem, Notification::Severity::Warning);
    });
    connect(m_controller->exportJob(), &ExportJob::finished, this,
            [this](const CsvExportResult &result) { m_status->setText(ExportControl::describe(result)); });

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::New, [this] { scheduleOneCall(); });
    shortcut(QKeySequence::Open, [this] { scheduleFromCsv(); });
    shortcut(QKeySequence::Refresh, [this] {
        if (ensureOpen())
            m_controller->reloadScheduledCalls();
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), [this] { addCampaign(); });
    m_export->attachShortcut(this); // Ctrl+E
}

VoicePage::~VoicePage()
{
    // The controller's model goes before the view that shows it.
    delete m_controller;
    m_controller = nullptr;
}

void VoicePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    ensureOpen();
}

bool VoicePage::ensureOpen()
{
    if (m_controller->isOpen())
        return true;
    if (!m_controller->open()) {
        m_problem->setText(tr("Verloop calls cannot be scheduled: %1").arg(m_controller->problem()));
        m_problem->show();
        return false;
    }
    // The registry works without the guard; scheduling does not.
    const QString scheduling = m_controller->schedulingProblem();
    m_problem->setText(scheduling);
    m_problem->setVisible(!scheduling.isEmpty());
    showCampaigns();
    showScheduledCallsState();
    return true;
}

// ---------------------------------------------------------------------------------------------
// Campaign registry

QWidget *VoicePage::createCampaigns()
{
    auto *box = new QGroupBox(tr("Verloop campaigns"), this);
    auto *layout = new QVBoxLayout(box);
    m_campaignStack = new QStackedWidget(box);
    auto *empty = new QLabel(tr("No Verloop campaigns yet. Verloop cannot list them: press Add campaign and "
                                "paste the Campaign ID of a published “Via API” campaign from its Outreach "
                                "dashboard."),
                             box);
    empty->setObjectName(QStringLiteral("voiceCampaignsEmpty"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    m_campaigns = new QTreeWidget(box);
    m_campaigns->setObjectName(QStringLiteral("voiceCampaigns"));
    m_campaigns->setAccessibleName(tr("Verloop campaigns"));
    m_campaigns->setRootIsDecorated(false);
    m_campaigns->setUniformRowHeights(true);
    m_campaigns->setHeaderLabels(
            {tr("Name"), tr("Campaign ID"), tr("Retries"), tr("Working window"), tr("Working days")});
    LayoutMemory::track(m_campaigns->header(), QStringLiteral("voice/campaigns"));
    m_campaignStack->addWidget(empty);
    m_campaignStack->addWidget(m_campaigns);
    layout->addWidget(m_campaignStack, 1);

    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add campaign…"), box);
    add->setObjectName(QStringLiteral("voiceAddCampaign"));
    add->setToolTip(tr("Register a Verloop campaign by its Campaign ID (Ctrl+Shift+A)"));
    m_editCampaign = new QPushButton(tr("&Edit…"), box);
    m_editCampaign->setObjectName(QStringLiteral("voiceEditCampaign"));
    m_removeCampaign = new QPushButton(tr("&Remove"), box);
    m_removeCampaign->setObjectName(QStringLiteral("voiceRemoveCampaign"));
    m_removeCampaign->setToolTip(tr("Forget the campaign here; calls already scheduled are kept"));
    buttons->addWidget(add);
    buttons->addWidget(m_editCampaign);
    buttons->addWidget(m_removeCampaign);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, &VoicePage::addCampaign);
    connect(m_editCampaign, &QPushButton::clicked, this, &VoicePage::editCampaign);
    connect(m_removeCampaign, &QPushButton::clicked, this, &VoicePage::removeCampaign);
    connect(m_campaigns, &QTreeWidget::itemActivated, this, &VoicePage::editCampaign);
    connect(m_campaigns, &QTreeWidget::currentItemChanged, this, [this] {
        const bool selected = !selectedCampaign().isEmpty();
        m_editCampaign->setEnabled(selected);
        m_removeCampaign->setEnabled(selected);
    });
    m_editCampaign->setEnabled(false);
    m_removeCampaign->setEnabled(false);
    return box;
}

void VoicePage::showCampaigns()
{
    const QString current = selectedCampaign();
    m_campaigns->clear();
    const QList<VerloopCampaignEntry> campaigns = m_controller->campaigns();
    for (const VerloopCampaignEntry &entry : campaigns) {
        auto *item = new QTreeWidgetItem(m_campaigns,
                                         {entry.name, entry.campaignId, QString::number(entry.retries),
                                          windowText(entry), daysText(entry)});
        item->setData(0, Qt::UserRole, entry.campaignId);
        if (entry.campaignId == current)
            m_campaigns->setCurrentItem(item);
    }
    m_campaignStack->setCurrentIndex(campaigns.isEmpty() ? 0 : 1);
}

QString VoicePage::selectedCampaign() const
{
    const QTreeWidgetItem *item = m_campaigns->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void VoicePage::addCampaign()
{
    if (!ensureOpen())
        return;
    CampaignDialog dialog(this);
    dialog.setValidator(
            [this](const QString &name, const QString &id) { return m_controller->conflict(name, id); });
    if (dialog.exec() == QDialog::Accepted)
        m_controller->saveCampaign(dialog.entry());
}

void VoicePage::editCampaign()
{
    const QString id = selectedCampaign();
    if (id.isEmpty() || !ensureOpen())
        return;
    const std::optional<VerloopCampaignEntry> entry = m_controller->campaign(id);
    if (!entry)
        return;
    CampaignDialog dialog(this);
    dialog.setEntry(*entry);
    dialog.setValidator([this, id](const QString &name, const QString &newId) {
        return m_controller->conflict(name, newId, id);
    });
    if (dialog.exec() == QDialog::Accepted)
        m_controller->saveCampaign(dialog.entry(), id);
}

void VoicePage::removeCampaign()
{
    const QString uuid = selectedCampaign();
    if (uuid.isEmpty() || !ensureOpen())
        return;
    const QString name = m_campaigns->currentItem()->text(0);
    if (QMessageBox::question(this, tr("Remove campaign"),
                              tr("Forget the campaign “%1” on this computer? It stays in Verloop, and the "
                                 "calls already scheduled in it are kept.")
                                      .arg(name)) != QMessageBox::Yes)
        return;
    m_controller->removeCampaign(uuid);
}

// ---------------------------------------------------------------------------------------------
// Scheduled calls

QWidget *VoicePage::createScheduledCalls()
{
    auto *box = new QGroupBox(tr("Scheduled calls"), this);
    auto *layout = new QVBoxLayout(box);
    auto *actions = new QHBoxLayout;
    auto *one = new QPushButton(tr("Schedule a &call…"), box);
    one->setObjectName(QStringLiteral("voiceScheduleOne"));
    one->setToolTip(tr("Schedule one Verloop call (Ctrl+N)"));
    auto *csv = new QPushButton(tr("Schedule from a CSV &file…"), box);
    csv->setObjectName(QStringLiteral("voiceScheduleCsv"));
    csv->setToolTip(tr("One call per row of a CSV file with a “phone” column (Ctrl+O)"));
    actions->addWidget(one);
    actions->addWidget(csv);
    auto *leadsHint = new QLabel(tr("From leads: select them on the Leads page and choose Schedule Verloop "
                                    "calls."),
                                 box);
    leadsHint->setWordWrap(true);
    actions->addWidget(leadsHint, 1);
    layout->addLayout(actions);

    m_unknown = new QLabel(box);
    m_unknown->setObjectName(QStringLiteral("voiceUnknown"));
    m_unknown->setWordWrap(true);
    m_unknown->setFrameShape(QFrame::StyledPanel);
    m_unknown->setAutoFillBackground(true);
    m_unknown->setBackgroundRole(QPalette::ToolTipBase);
    m_unknown->setForegroundRole(QPalette::ToolTipText);
    m_unknown->hide();
    layout->addWidget(m_unknown);

    m_callsStack = new QStackedWidget(box);
    auto *empty = new QLabel(tr("No Verloop calls scheduled from this computer yet."), box);
    empty->setObjectName(QStringLiteral("voiceCallsEmpty"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    m_calls = new RecordTableView(box);
    m_calls->setObjectName(QStringLiteral("voiceCalls"));
    m_calls->setAccessibleName(tr("Scheduled Verloop calls"));
    RecordTableModel *model = m_controller->scheduledCalls();
    m_calls->setRecordModel(model, QStringLiteral("voice/calls"), model->schema().indexOf(u"createdAt"),
                            Qt::DescendingOrder);
    m_calls->setSortingEnabled(true);
    // Calls whose outcome is unknown are drawn apart, as in the audit log.
    m_calls->setItemDelegate(new UnknownOutcomeDelegate(model->schema().indexOf(u"stateCode"), m_calls));
    m_callsStack->addWidget(empty);
    m_callsStack->addWidget(m_calls);
    layout->addWidget(m_callsStack, 1);

    auto *status = new QHBoxLayout;
    m_status = new QLabel(box);
    m_status->setObjectName(QStringLiteral("voiceStatus"));
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    status->addWidget(m_status, 1);
    m_export = new ExportControl(m_controller->exportJob(), m_notifier, box);
    m_export->setObjectName(QStringLiteral("voiceExport"));
    m_export->setSource([this] {
        return ExportControl::Source{m_controller->scheduledCalls(), QStringLiteral("verloop-calls.csv")};
    });
    status->addWidget(m_export);
    layout->addLayout(status);

    connect(one, &QPushButton::clicked, this, [this] { scheduleOneCall(); });
    connect(csv, &QPushButton::clicked, this, [this] { scheduleFromCsv(); });
    return box;
}

void VoicePage::showScheduledCallsState()
{
    const int rows = m_controller->scheduledCalls()->table().rowCount();
    m_callsStack->setCurrentIndex(rows == 0 ? 0 : 1);
    const int unknown = m_controller->unknownCount();
    m_unknown->setText(tr("%n call(s) may or may not have been scheduled: the console stopped between "
                          "sending and saving Verloop's answer. Check them in Verloop's dashboard; the "
                          "console never sends them again.",
                          nullptr, unknown));
    m_unknown->setVisible(unknown > 0);
    m_status->setText(tr("%n scheduled call(s)", nullptr, rows));
}

// ---------------------------------------------------------------------------------------------
// Scheduling

ScheduleCallsDialog *VoicePage::present(ScheduleCallsDialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setModal(true);
    dialog->show();
    return dialog;
}

ScheduleCallsDialog *VoicePage::scheduleOneCall()
{
    if (!ensureOpen())
        return nullptr;
    return present(new ScheduleCallsDialog(m_controller, this));
}

ScheduleCallsDialog *VoicePage::scheduleForContacts(const ContactList &contacts, QWidget *dialogParent)
{
    if (!ensureOpen())
        return nullptr;
    return present(new ScheduleCallsDialog(m_controller, contacts, dialogParent ? dialogParent : this));
}

ScheduleCallsDialog *VoicePage::scheduleFromCsv(const QString &path)
{
    if (!ensureOpen())
        return nullptr;
    QString file = path;
    if (file.isEmpty())
        file = QFileDialog::getOpenFileName(
                this, tr("Schedule Verloop calls from a CSV file"),
                QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
                tr("CSV files (*.csv);;All files (*)"));
    if (file.isEmpty())
        return nullptr;
    QString problem;
    const std::optional<ContactList> contacts = ContactList::fromCsv(file, &problem);
    if (!contacts) {
        QMessageBox::warning(this, tr("Schedule Verloop calls"), problem);
        return nullptr;
    }
    return present(new ScheduleCallsDialog(m_controller, *contacts, this));
}
