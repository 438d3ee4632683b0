#include "PreflightSection.h"

#include "common/ErrorText.h"
#include "email/CampaignEditorController.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace {

QString sectionTitle(const QString &sectionId)
{
    if (sectionId == QLatin1String("steps"))
        return PreflightSection::tr("Steps");
    if (sectionId == QLatin1String("contacts"))
        return PreflightSection::tr("Contacts");
    if (sectionId == QLatin1String("mailboxes"))
        return PreflightSection::tr("Mailboxes");
    if (sectionId == QLatin1String("schedule"))
        return PreflightSection::tr("Schedule & stop rules");
    return sectionId;
}

} // namespace

PreflightSection::PreflightSection(CampaignEditorController *controller, QWidget *parent)
    : EditorSection(parent),
      m_controller(controller),
      m_summary(new QLabel(this)),
      m_checks(new QWidget(this)),
      m_checksLayout(new QVBoxLayout(m_checks)),
      m_run(new QPushButton(tr("&Check again"), this))
{
    setObjectName(QStringLiteral("emailPreflightSection"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Outreach2day checks the campaign before it may be launched. Failed checks "
                                "block the launch until they are fixed."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_summary->setObjectName(QStringLiteral("emailPreflightSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_checks->setObjectName(QStringLiteral("emailPreflightChecks"));
    m_checksLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_checks);
    auto *buttons = new QHBoxLayout;
    m_run->setObjectName(QStringLiteral("emailRunPreflight"));
    m_run->setToolTip(tr("Run the preflight again (F5)"));
    buttons->addWidget(m_run);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addStretch();

    auto *runKey = new QShortcut(QKeySequence::Refresh, this);
    runKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(runKey, &QShortcut::activated, m_controller, &CampaignEditorController::runPreflight);
    connect(m_run, &QPushButton::clicked, m_controller, &CampaignEditorController::runPreflight);
    connect(m_controller, &CampaignEditorController::preflightChanged, this,
            &PreflightSection::showPreflight);
    connect(m_controller, &CampaignEditorController::failed, this,
            [this](CampaignEditorController::Topic topic, const QString &what, const ApiError &error) {
                if (topic == CampaignEditorController::Topic::Preflight)
                    m_summary->setText(tr("%1: %2").arg(what, ErrorText::plainText(error)));
            });
    showPreflight();
}

void PreflightSection::setCampaign(const QString &)
{
    showPreflight();
}

QString PreflightSection::missing() const
{
    if (m_controller->campaignId().isEmpty())
        return {};
    const auto preflight = m_controller->preflight();
    if (!m_controller->isPreflightCurrent() || !preflight)
        return tr("Run the preflight.");
    if (!preflight->canLaunch())
        return tr("%n blocking failure(s).", nullptr, int(preflight->blockingFailures.size()));
    return {};
}

QString PreflightSection::sectionFor(const QString &checkName)
{
    const QString name = checkName.toLower();
    if (name.contains(QLatin1String("step")))
        return QStringLiteral("steps");
    if (name.contains(QLatin1String("contact")))
        return QStringLiteral("contacts");
    if (name.contains(QLatin1String("mailbox")))
        return QStringLiteral("mailboxes");
    if (name.contains(QLatin1String("schedule")))
        return QStringLiteral("schedule");
    return {};
}

void PreflightSection::showEvent(QShowEvent *event)
{
    EditorSection::showEvent(event);
    if (!m_controller->campaignId().isEmpty() && !m_controller->isPreflightCurrent())
        m_controller->runPreflight();
}

void PreflightSection::showPreflight()
{
    while (QLayoutItem *item = m_checksLayout->takeAt(0)) {
        // Out of the tree at once; deleted later (a Fix button may be mid-click).
        if (QWidget *widget = item->widget()) {
            widget->hide();
            widget->setParent(nullptr);
            widget->deleteLater();
        }
        delete item;
    }
    m_run->setEnabled(!m_controller->campaignId().isEmpty() && !m_controller->isPreflightRunning());
    if (m_controller->isPreflightRunning()) {
        m_summary->setText(tr("Checking…"));
        return;
    }
    const auto preflight = m_controller->preflight();
    if (!preflight) {
        m_summary->setText(tr("Not checked yet."));
        return;
    }
    QString summary = preflight->summary;
    if (summary.isEmpty())
        summary = preflight->canLaunch() ? tr("All checks passed.") : tr("Some checks failed.");
    if (!m_controller->isPreflightCurrent())
        summary = tr("The campaign changed since this check: %1").arg(summary);
    m_summary->setText(summary);
    for (const auto &check : preflight->checks) {
        auto *row = new QWidget(m_checks);
        row->setObjectName(QStringLiteral("preflightCheck_%1").arg(check.name));
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        const bool blocking = preflight->blockingFailures.contains(check.name);
        QString text = O2dPreflight::describe(check.name);
        if (!check.message.isEmpty())
            text += QLatin1Char(' ') + check.message;
        const QString verdict = check.passed ? tr("Passed")
                : blocking                   ? tr("Failed, blocks launch")
                                             : tr("Failed");
        auto *label = new QLabel(tr("%1: %2").arg(verdict, text), row);
        label->setObjectName(QStringLiteral("preflightText_%1").arg(check.name));
        label->setWordWrap(true);
        if (!check.passed) {
            QFont bold = label->font();
            bold.setBold(true);
            label->setFont(bold);
        }
        rowLayout->addWidget(label, 1);
        const QString section = sectionFor(check.name);
        if (!check.passed && !section.isEmpty()) {
            auto *fix = new QPushButton(tr("Fix in %1").arg(sectionTitle(section)), row);
            fix->setObjectName(QStringLiteral("preflightFix_%1").arg(check.name));
            fix->setAccessibleName(tr("Go to %1 to fix: %2").arg(sectionTitle(section), text));
            connect(fix, &QPushButton::clicked, this, [this, section] { Q_EMIT showSection(section); });
            rowLayout->addWidget(fix);
        }
        m_checksLayout->addWidget(row);
    }
    // Failures the vendor named without a check of that name.
    for (const QString &failure : preflight->blockingFailures) {
        bool listed = false;
        for (const auto &check : preflight->checks)
            listed = listed || check.name == failure;
        if (!listed) {
            auto *label = new QLabel(tr("Failed, blocks launch: %1").arg(O2dPreflight::describe(failure)),
                                     m_checks);
            label->setWordWrap(true);
            m_checksLayout->addWidget(label);
        }
    }
}
