#include "LaunchSection.h"

#include "common/ErrorText.h"
#include "common/LayoutMemory.h"
#include "common/Notifier.h"
#include "email/CampaignEditorController.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

LaunchSection::LaunchSection(CampaignEditorController *controller, Notifier *notifier, QWidget *parent)
    : EditorSection(parent),
      m_controller(controller),
      m_notifier(notifier),
      m_plan(new QLabel(this)),
      m_problem(new QLabel(this)),
      m_useLimit(new QCheckBox(tr("Send to at &most"), this)),
      m_limit(new QSpinBox(this)),
      m_async(new QCheckBox(tr("Launch in the &background and follow the job to its end"), this)),
      m_launch(new QPushButton(tr("&Launch…"), this)),
      m_pause(new QPushButton(tr("&Pause"), this)),
      m_resume(new QPushButton(tr("&Resume"), this)),
      m_progress(new QLabel(this)),
      m_launches(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("emailLaunchSection"));
    auto *layout = new QVBoxLayout(this);
    m_plan->setObjectName(QStringLiteral("emailLaunchPlan"));
    m_plan->setWordWrap(true);
    layout->addWidget(m_plan);
    m_problem->setObjectName(QStringLiteral("emailLaunchProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);

    auto *options = new QGroupBox(tr("Launch"), this);
    auto *optionsLayout = new QVBoxLayout(options);
    auto *limitRow = new QHBoxLayout;
    m_useLimit->setObjectName(QStringLiteral("emailLaunchUseLimit"));
    m_limit->setObjectName(QStringLiteral("emailLaunchLimit"));
    m_limit->setAccessibleName(tr("Contacts to send to in this launch"));
    m_limit->setRange(1, 10000000);
    m_limit->setValue(100);
    m_limit->setSuffix(tr(" contacts"));
    m_limit->setEnabled(false);
    limitRow->addWidget(m_useLimit);
    limitRow->addWidget(m_limit);
    limitRow->addStretch();
    optionsLayout->addLayout(limitRow);
    auto *limitNote =
            new QLabel(tr("A gradual rollout: a later launch with a new limit sends the next tranche. "
                          "It is your explicit decision, never an automatic retry."),
                       options);
    limitNote->setWordWrap(true);
    optionsLayout->addWidget(limitNote);
    m_async->setObjectName(QStringLiteral("emailLaunchAsync"));
    m_async->setChecked(true);
    optionsLayout->addWidget(m_async);
    auto *buttons = new QHBoxLayout;
    m_launch->setObjectName(QStringLiteral("emailLaunch"));
    m_pause->setObjectName(QStringLiteral("emailPause"));
    m_resume->setObjectName(QStringLiteral("emailResume"));
    m_resume->setToolTip(tr("Resuming contacts people again: it passes the do-not-contact list first"));
    buttons->addWidget(m_launch);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_resume);
    buttons->addStretch();
    optionsLayout->addLayout(buttons);
    m_progress->setObjectName(QStringLiteral("emailLaunchProgress"));
    m_progress->setWordWrap(true);
    optionsLayout->addWidget(m_progress);
    layout->addWidget(options);

    m_launches->setObjectName(QStringLiteral("emailLaunches"));
    m_launches->setAccessibleName(tr("Launches of this campaign"));
    m_launches->setRootIsDecorated(false);
    m_launches->setUniformRowHeights(true);
    m_launches->setHeaderLabels({tr("Launched"), tr("Limit"), tr("Mode"), tr("Job"), tr("Status")});
    LayoutMemory::track(m_launches->header(), QStringLiteral("email/launches"));
    layout->addWidget(m_launches, 1);

    connect(m_useLimit, &QCheckBox::toggled, m_limit, &QSpinBox::setEnabled);
    connect(m_launch, &QPushButton::clicked, this, &LaunchSection::launch);
    connect(m_pause, &QPushButton::clicked, this, &LaunchSection::pause);
    connect(m_resume, &QPushButton::clicked, this, &LaunchSection::resume);
    if (CampaignLauncher *launcher = m_controller->launcher()) {
        connect(launcher, &CampaignLauncher::prepared, this, &LaunchSection::confirm);
        connect(launcher, &CampaignLauncher::progress, m_progress, &QLabel::setText);
        connect(launcher, &CampaignLauncher::finished, this, &LaunchSection::finished);
    }
    for (auto signal : {&CampaignEditorController::campaignChanged,
                        &CampaignEditorController::preflightChanged, &CampaignEditorController::busyChanged})
        connect(m_controller, signal, this, &LaunchSection::showState);
    connect(m_controller, &CampaignEditorController::failed, this,
            [this](CampaignEditorController::Topic topic, const QString &what, const ApiError &error) {
                if (topic == CampaignEditorController::Topic::Launch)
                    m_progress->setText(tr("%1: %2").arg(what, ErrorText::plainText(error)));
            });
    showState();
}

void LaunchSection::setCampaign(const QString &)
{
    m_progress->clear();
    showState();
}

QString LaunchSection::missing() const
{
    const auto row = m_controller->campaign();
    if (!row)
        return {};
    const QString status = row->campaign.status;
    if (status == QLatin1String("active") || status == QLatin1String("paused") ||
        status == QLatin1String("completed"))
        return {};
    const QString problem = m_controller->launchProblem();
    return problem.isEmpty() ? tr("Ready to launch.") : problem;
}

void LaunchSection::setPlan(const CapacityPlan &plan)
{
    m_plan->setText(plan.ok() ? plan.sentence() : tr("No capacity plan yet: %1").arg(plan.problem));
}

void LaunchSection::showEvent(QShowEvent *event)
{
    EditorSection::showEvent(event);
    // Launch needs a current preflight: check the campaign as it is now.
    if (!m_controller->campaignId().isEmpty() && !m_controller->isPreflightCurrent())
        m_controller->runPreflight();
}

void LaunchSection::showState()
{
    const auto row = m_controller->campaign();
    CampaignLauncher *launcher = m_controller->launcher();
    const bool busy = m_preparing || (launcher && launcher->isBusy());
    const QString problem = row ? m_controller->launchProblem() : QString();
    m_problem->setText(busy ? tr("Waiting for Outreach2day's answer…") : problem);
    const QString status = row ? row->campaign.status : QString();
    const QList<EmailCampaignStore::LaunchRecord> launches = row
            ? m_controller->store()->launches(row->campaign.id)
            : QList<EmailCampaignStore::LaunchRecord>();
    m_launch->setText(launches.isEmpty() ? tr("&Launch…") : tr("&Launch the next tranche…"));
    m_launch->setEnabled(row && !busy && problem.isEmpty());
    m_pause->setEnabled(row && launcher && !busy && status == QLatin1String("active"));
    m_resume->setEnabled(row && launcher && !busy && status == QLatin1String("paused"));

    m_launches->clear();
    const QLocale locale;
    for (const EmailCampaignStore::LaunchRecord &launch : launches) {
        new QTreeWidgetItem(m_launches,
                            {locale.toString(launch.at.toLocalTime(), QLocale::ShortFormat),
                             launch.limit ? QString::number(*launch.limit) : tr("all"),
                             launch.async ? tr("background") : tr("immediate"), launch.jobId, launch.status});
    }
}

void LaunchSection::launch()
{
    CampaignLauncher *launcher = m_controller->launcher();
    if (!m_launch->isEnabled() || !launcher || m_preparing)
        return;
    O2dLaunchOptions options;
    if (m_useLimit->isChecked())
        options.limit = m_limit->value();
    options.async = m_async->isChecked();
    if (const std::optional<ApiError> problem = options.problem()) {
        m_progress->setText(problem->explanation);
        return;
    }
    m_pendingOptions = options;
    m_preparing = true;
    m_progress->setText(tr("Listing the campaign's contacts…"));
    showState();
    launcher->prepare(m_controller->campaignId());
}

void LaunchSection::confirm(const CampaignLauncher::Plan &plan)
{
    if (!m_preparing)
        return;
    m_preparing = false;
    const std::optional<O2dLaunchOptions> options = std::exchange(m_pendingOptions, std::nullopt);
    if (plan.error.isError() || !options) {
        m_progress->setText(tr("Nothing was launched: %1").arg(ErrorText::plainText(plan.error)));
        showState();
        return;
    }
    const auto row = m_controller->campaign();
    const QString name = row ? row->campaign.name : m_controller->campaignId();
    QString text = tr("Launch “%1” now? Outreach2day starts emailing its contacts.").arg(name);
    QStringList details;
    details << tr("%n contact(s) to email.", nullptr, plan.contacts);
    if (options->limit)
        details << tr("Only up to %n contact(s) are sent to now; a later launch with a new limit sends the "
                      "next tranche.",
                      nullptr, *options->limit);
    details << tr("%n address(es) on the do-not-contact list will be suppressed at Outreach2day first, "
                  "never emailed.",
                  nullptr, int(plan.doNotContact.size()));
    details << m_plan->text();
    QMessageBox box(QMessageBox::Question, tr("Launch the campaign"), text, QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("emailLaunchConfirm"));
    box.setInformativeText(details.join(QLatin1Char('\n')));
    if (!plan.doNotContact.isEmpty())
        box.setDetailedText(plan.doNotContact.join(QLatin1Char('\n')));
    QPushButton *go = box.addButton(tr("Launch"), QMessageBox::AcceptRole);
    go->setObjectName(QStringLiteral("emailLaunchConfirmButton"));
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != go) {
        m_progress->setText(tr("Not launched."));
        showState();
        return;
    }
    m_controller->launcher()->launch(m_controller->campaignId(), *options);
    showState();
}

void LaunchSection::pause()
{
    if (!m_pause->isEnabled())
        return;
    m_progress->setText(tr("Pausing…"));
    m_controller->launcher()->pause(m_controller->campaignId());
    showState();
}

void LaunchSection::resume()
{
    if (!m_resume->isEnabled())
        return;
    m_progress->setText(tr("Resuming…"));
    m_controller->launcher()->resume(m_controller->campaignId());
    showState();
}

void LaunchSection::finished(const QString &operation, const ApiError &error, const O2dLaunchJob &job)
{
    QString message;
    if (error.isError()) {
        const QString what = operation == QLatin1String("launch") ? tr("The launch")
                : operation == QLatin1String("pause")             ? tr("Pausing")
                                                                  : tr("Resuming");
        message = tr("%1 failed: %2").arg(what, ErrorText::plainText(error));
    } else if (operation == QLatin1String("launch")) {
        message = job.succeeded()
                ? tr("The campaign was launched.")
                : tr("The launch ended with the status “%1”. %2").arg(job.status, job.error);
    } else if (operation == QLatin1String("pause")) {
        message = tr("The campaign was paused.");
    } else {
        message = tr("The campaign was resumed.");
    }
    m_progress->setText(message);
    if (m_notifier)
        m_notifier->notify(tr("Email campaign"), message,
                           error.isError() ? Notification::Severity::Warning
                                           : Notification::Severity::Information);
    showState(); // the status follows from /stats (the controller reads it after every operation)
}
