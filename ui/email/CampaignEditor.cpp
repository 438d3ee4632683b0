#include "CampaignEditor.h"

#include "CampaignDashboard.h"
#include "ContactsSection.h"
#include "DetailsSection.h"
#include "LaunchSection.h"
#include "MailboxesSection.h"
#include "PreflightSection.h"
#include "ScheduleSection.h"
#include "StepsSection.h"
#include "SubsequencesSection.h"
#include "common/LayoutMemory.h"
#include "email/CampaignEditorController.h"

#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

CampaignEditor::CampaignEditor(const EmailContext &context, CampaignEditorController *controller,
                               QWidget *parent)
    : QWidget(parent),
      m_controller(controller),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_list(new QListWidget(m_splitter)),
      m_stack(new QStackedWidget(m_splitter)),
      m_capacity(new QLabel(this))
{
    setObjectName(QStringLiteral("emailCampaignEditor"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_capacity->setObjectName(QStringLiteral("emailCapacity"));
    m_capacity->setAccessibleName(tr("Capacity plan"));
    m_capacity->setWordWrap(true);
    m_capacity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_capacity->setFrameShape(QFrame::StyledPanel);
    m_capacity->setAutoFillBackground(true);
    m_capacity->setBackgroundRole(QPalette::AlternateBase); // follows the palette (dark mode)
    m_capacity->setMargin(4);
    layout->addWidget(m_capacity);

    m_list->setObjectName(QStringLiteral("emailSections"));
    m_list->setAccessibleName(tr("Campaign editor sections"));
    m_list->setWordWrap(true);
    m_list->setSpacing(2);
    m_splitter->setObjectName(QStringLiteral("emailEditorSplitter"));
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 4);
    layout->addWidget(m_splitter, 1);
    LayoutMemory::track(m_splitter, QStringLiteral("email/editor"));

    addSection(QStringLiteral("details"), tr("Details"), new DetailsSection(controller, this));
    addSection(QStringLiteral("steps"), tr("Steps"), new StepsSection(context, this));
    addSection(QStringLiteral("contacts"), tr("Contacts"), new ContactsSection(context, this));
    addSection(QStringLiteral("mailboxes"), tr("Mailboxes"), new MailboxesSection(controller, this));
    m_schedule = new ScheduleSection(controller, this);
    addSection(QStringLiteral("schedule"), tr("Schedule & stop rules"), m_schedule);
    auto *preflight = new PreflightSection(controller, this);
    addSection(QStringLiteral("preflight"), tr("Preflight"), preflight);
    m_launch = new LaunchSection(controller, context.notifier, this);
    addSection(QStringLiteral("launch"), tr("Launch"), m_launch);
    // After launch: how the campaign is doing (funnel, sends, reply and bounce rates), then where
    // its replies go (subsequences and routing by intent; optional, so after the dashboard).
    m_dashboard = new CampaignDashboard(context, this);
    addSection(QStringLiteral("dashboard"), tr("Dashboard"), m_dashboard);
    addSection(QStringLiteral("subsequences"), tr("Subsequences"), new SubsequencesSection(context, this));

    connect(preflight, &PreflightSection::showSection, this, &CampaignEditor::showSection);
    connect(m_schedule, &ScheduleSection::draftChanged, this, [this] {
        recomputePlan();
        refreshList();
    });
    connect(m_list, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    for (auto signal : {&CampaignEditorController::campaignChanged,
                        &CampaignEditorController::mailboxesChanged, &CampaignEditorController::scheduleSaved,
                        &CampaignEditorController::preflightChanged, &CampaignEditorController::busyChanged})
        connect(m_controller, signal, this, [this] {
            refreshList();
            recomputePlan();
        });
    // Alt+1..9: straight to a section, from anywhere in the editor.
    for (int i = 0; i < m_entries.size() && i < 9; ++i) {
        auto *key = new QShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)), this);
        key->setContext(Qt::WidgetWithChildrenShortcut);
        connect(key, &QShortcut::activated, this, [this, i] { m_list->setCurrentRow(i); });
    }
    m_list->setCurrentRow(0);
    refreshList();
    recomputePlan();
}

void CampaignEditor::addSection(const QString &id, const QString &title, EditorSection *section)
{
    section->setObjectName(section->objectName().isEmpty() ? QStringLiteral("emailSection_%1").arg(id)
                                                           : section->objectName());
    auto *scroll = new QScrollArea(m_stack);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(section);
    m_stack->addWidget(scroll);
    auto *item = new QListWidgetItem(title, m_list);
    item->setData(Qt::UserRole, id);
    m_entries.append({id, title, section});
    connect(section, &EditorSection::changed, this, [this] {
        // What preflight checked may be different now; the list and the plan follow.
        m_controller->markChanged();
        refreshList();
        recomputePlan();
        Q_EMIT campaignEdited();
    });
}

void CampaignEditor::setCampaign(const QString &campaignId)
{
    m_controller->setCampaign(campaignId);
    for (const Entry &entry : std::as_const(m_entries))
        entry.section->setCampaign(campaignId);
    refreshList();
    recomputePlan();
}

QString CampaignEditor::campaignId() const
{
    return m_controller->campaignId();
}

QStringList CampaignEditor::sectionIds() const
{
    QStringList ids;
    for (const Entry &entry : m_entries)
        ids << entry.id;
    return ids;
}

EditorSection *CampaignEditor::section(const QString &id) const
{
    for (const Entry &entry : m_entries)
        if (entry.id == id)
            return entry.section;
    return nullptr;
}

void CampaignEditor::showSection(const QString &id)
{
    const int index = int(sectionIds().indexOf(id));
    if (index >= 0)
        m_list->setCurrentRow(index);
}

QString CampaignEditor::currentSectionId() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).id : QString();
}

void CampaignEditor::refreshList()
{
    for (int i = 0; i < m_entries.size(); ++i) {
        const Entry &entry = m_entries.at(i);
        const QString missing = entry.section->missing();
        QListWidgetItem *item = m_list->item(i);
        // Numbered like their shortcuts; what is missing on a second line.
        const QString title = tr("%1. %2").arg(i + 1).arg(entry.title);
        item->setText(missing.isEmpty() ? title : tr("%1\n%2").arg(title, missing));
        item->setToolTip(missing.isEmpty() ? tr("Nothing missing (Alt+%1)").arg(i + 1)
                                           : tr("%1 (Alt+%2)").arg(missing).arg(i + 1));
        item->setData(Qt::AccessibleDescriptionRole, missing.isEmpty() ? tr("Nothing missing") : missing);
        QFont font = item->font();
        font.setBold(!missing.isEmpty());
        item->setFont(font);
    }
}

void CampaignEditor::recomputePlan()
{
    if (m_controller->campaignId().isEmpty()) {
        m_capacity->setText(tr("No campaign selected."));
        return;
    }
    const CapacityPlan plan = m_controller->plan(m_schedule->draft());
    m_capacity->setText(plan.ok() ? plan.sentence()
                                  : tr("When the last email goes out: %1").arg(plan.problem));
    m_launch->setPlan(plan);
}
