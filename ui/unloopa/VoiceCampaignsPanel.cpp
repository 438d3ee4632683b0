#include "VoiceCampaignsPanel.h"

#include "VoiceScheduleFields.h"
#include "common/BarValueLabels.h"
#include "common/ChartStyle.h"
#include "common/DryRunDialog.h"
#include "common/ErrorText.h"
#include "common/LayoutMemory.h"
#include "common/OverrideReasonDialog.h"
#include "outbound/DecisionTable.h"
#include "unloopa/VoiceCampaignController.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace {
constexpr int idRole = Qt::UserRole;
// One line of text per bar (its value label) on top of the chart's frame (title, axis, margins).
constexpr int kBarPitch = 26;
constexpr int kChartFrame = 110;

QString windowText(const UnloopaCampaign &campaign)
{
    if (!campaign.windowStart.isValid() || !campaign.windowEnd.isValid())
        return VoiceCampaignsPanel::tr("not known yet");
    QStringList days;
    for (const QString &day : campaign.callingDays) {
        const int index = int(UnloopaCampaignFields::dayNames().indexOf(day));
        days << (index >= 0 ? QLocale().dayName(index + 1, QLocale::ShortFormat) : day);
    }
    return VoiceCampaignsPanel::tr("%1–%2 %3, %4")
            .arg(campaign.windowStart.toString(QStringLiteral("HH:mm")),
                 campaign.windowEnd.toString(QStringLiteral("HH:mm")), campaign.timezone,
                 days.isEmpty() ? VoiceCampaignsPanel::tr("no days") : QLocale().createSeparatedList(days));
}

// How many leads a campaign may call (the confirmation's upper bound of credits).
int leadsOf(const UnloopaCampaign &campaign)
{
    return qMax(qMax(campaign.callableLeads, campaign.leadsCount), campaign.stats.total);
}
} // namespace

VoiceCampaignsPanel::VoiceCampaignsPanel(VoiceCampaignController *campaigns, QWidget *parent)
    : QWidget(parent), m_campaigns(campaigns)
{
    auto *outer = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("campaignsSplitter"));
    splitter->setChildrenCollapsible(false);
    outer->addWidget(splitter);

    auto *listSide = new QWidget(splitter);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    m_count = new QLabel(listSide);
    m_count->setObjectName(QStringLiteral("campaignsCount"));
    listLayout->addWidget(m_count);
    m_listView = new QListWidget(listSide);
    m_listView->setObjectName(QStringLiteral("campaignsList"));
    m_listView->setAccessibleName(tr("Voice campaigns"));
    listLayout->addWidget(m_listView, 1);
    m_empty = new QLabel(tr("No voice campaigns yet. Select leads on the Leads page and choose \u201cUnloopa "
                            "voice campaign\u2026\u201d (Ctrl+Shift+G) to create one."),
                         listSide);
    m_empty->setObjectName(QStringLiteral("campaignsEmpty"));
    m_empty->setWordWrap(true);
    listLayout->addWidget(m_empty);
    m_refresh = new QPushButton(tr("&Refresh"), listSide);
    m_refresh->setObjectName(QStringLiteral("campaignsRefresh"));
    m_refresh->setToolTip(tr("Read the campaigns and their stats again (F5)"));
    listLayout->addWidget(m_refresh);

    auto *detail = new QWidget(splitter);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(detail);
    m_title->setObjectName(QStringLiteral("campaignTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextFormat(Qt::PlainText);
    detailLayout->addWidget(m_title);
    m_schedule = new QLabel(detail);
    m_schedule->setObjectName(QStringLiteral("campaignSchedule"));
    m_schedule->setWordWrap(true);
    m_schedule->setTextFormat(Qt::PlainText);
    detailLayout->addWidget(m_schedule);
    m_chart = new QChartView(detail);
    m_chart->setObjectName(QStringLiteral("campaignStatsChart"));
    m_chart->setAccessibleName(tr("Campaign call results"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(kChartFrame + 8 * kBarPitch);
    detailLayout->addWidget(m_chart, 1);
    m_statsText = new QLabel(detail);
    m_statsText->setObjectName(QStringLiteral("campaignStatsText"));
    m_statsText->setWordWrap(true);
    m_statsText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_statsText);

    auto *lifecycle = new QHBoxLayout;
    m_activate = new QPushButton(tr("&Activate\u2026"), detail);
    m_activate->setObjectName(QStringLiteral("campaignActivate"));
    m_activate->setToolTip(tr("Let Unloopa call the campaign's leads within its window (Ctrl+Shift+A)"));
    m_pause = new QPushButton(tr("&Pause"), detail);
    m_pause->setObjectName(QStringLiteral("campaignPause"));
    m_pause->setToolTip(tr("Stop calling until activated again (Ctrl+Shift+P)"));
    m_cancel = new QPushButton(tr("Ca&ncel campaign\u2026"), detail);
    m_cancel->setObjectName(QStringLiteral("campaignCancel"));
    m_cancel->setToolTip(tr("End the campaign: its pending calls are cancelled"));
    m_triggerLimit = new QSpinBox(detail);
    m_triggerLimit->setObjectName(QStringLiteral("campaignTriggerLimit"));
    m_triggerLimit->setAccessibleName(tr("Calls to start now"));
    m_triggerLimit->setRange(1, UnloopaTriggerResult::maxLimit);
    m_triggerLimit->setValue(UnloopaTriggerResult::maxLimit);
    m_trigger = new QPushButton(tr("&Call now\u2026"), detail);
    m_trigger->setObjectName(QStringLiteral("campaignTrigger"));
    m_trigger->setToolTip(
            tr("Start up to this many pending calls at once, 1 voice credit each (Ctrl+Shift+R)"));
    lifecycle->addWidget(m_activate);
    lifecycle->addWidget(m_pause);
    lifecycle->addWidget(m_cancel);
    lifecycle->addStretch();
    lifecycle->addWidget(m_triggerLimit);
    lifecycle->addWidget(m_trigger);
    detailLayout->addLayout(lifecycle);

    m_fieldsNote = new QLabel(detail);
    m_fieldsNote->setObjectName(QStringLiteral("campaignFieldsNote"));
    m_fieldsNote->setWordWrap(true);
    detailLayout->addWidget(m_fieldsNote);
    m_fields = new QWidget(detail);
    m_fields->setObjectName(QStringLiteral("campaignFields"));
    auto *form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    m_name = new QLineEdit(m_fields);
    m_name->setObjectName(QStringLiteral("campaignEditName"));
    m_name->setAccessibleName(tr("Campaign name"));
    form->addRow(tr("&Name:"), m_name);
    m_scheduleFields = new VoiceScheduleFields(form, m_fields);
    m_save = new QPushButton(tr("&Save changes"), m_fields);
    m_save->setObjectName(QStringLiteral("campaignSave"));
    m_save->setToolTip(tr("Send the changed settings to Unloopa (Ctrl+S)"));
    form->addRow(QString(), m_save);
    detailLayout->addWidget(m_fields);

    m_note = new QLabel(detail);
    m_note->setObjectName(QStringLiteral("campaignsNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->hide();
    detailLayout->addWidget(m_note);
    m_error = new QLabel(detail);
    m_error->setObjectName(QStringLiteral("campaignsError"));
    ErrorText::makeLinkLabel(m_error);
    m_error->hide();
    detailLayout->addWidget(m_error);

    splitter->addWidget(listSide);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    LayoutMemory::track(splitter, QStringLiteral("unloopaVoice/campaignsSplitter"));

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    auto ifEnabled = [](QPushButton *button) {
        return [button] {
            if (button->isEnabled() && button->isVisibleTo(button->window()))
                button->click();
        };
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), ifEnabled(m_activate));
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), ifEnabled(m_pause));
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), ifEnabled(m_trigger));
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_S), ifEnabled(m_save));

    connect(m_refresh, &QPushButton::clicked, this, &VoiceCampaignsPanel::refresh);
    connect(m_listView, &QListWidget::itemSelectionChanged, this, &VoiceCampaignsPanel::readDetail);
    connect(m_activate, &QPushButton::clicked, this, &VoiceCampaignsPanel::activate);
    connect(m_pause, &QPushButton::clicked, this, &VoiceCampaignsPanel::pause);
    connect(m_cancel, &QPushButton::clicked, this, &VoiceCampaignsPanel::cancelCampaign);
    connect(m_trigger, &QPushButton::clicked, this, &VoiceCampaignsPanel::trigger);
    connect(m_save, &QPushButton::clicked, this, &VoiceCampaignsPanel::saveFields);
    // The do-not-contact rule may pause a campaign at any time: the list follows.
    connect(m_campaigns, &VoiceCampaignController::pausedForListing, this, [this](const QStringList &ids) {
        showNote(tr("Paused %n campaign(s) that would call a number just put on the do-not-contact list.",
                    nullptr, int(ids.size())));
        refresh();
    });
    connect(m_campaigns, &VoiceCampaignController::listingCheckFailed, this, [this](const ApiError &error) {
        showError(error,
                  tr("A number was put on the do-not-contact list, but the campaigns that would call "
                     "it could not be checked or paused:"));
    });

    showList({});
    showDetail({});
}

QString VoiceCampaignsPanel::statusTitle(const QString &status)
{
    if (status == QLatin1String("draft"))
        return tr("Draft");
    if (status == QLatin1String("active"))
        return tr("Active");
    if (status == QLatin1String("paused"))
        return tr("Paused");
    if (status == QLatin1String("completed"))
        return tr("Completed");
    return status.isEmpty() ? tr("Unknown") : status;
}

QString VoiceCampaignsPanel::selectedId() const
{
    const QList<QListWidgetItem *> selected = m_listView->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(idRole).toString();
}

void VoiceCampaignsPanel::refresh()
{
    m_refresh->setEnabled(false);
    m_campaigns->fetchCampaigns(this, [this](const Result<QList<UnloopaCampaign>> &campaigns) {
        m_refresh->setEnabled(true);
        if (!campaigns.ok()) {
            showError(campaigns.error(), tr("Could not read the voice campaigns:"));
            return;
        }
        showList(campaigns.value());
        readDetail();
    });
}

void VoiceCampaignsPanel::showCampaign(const QString &campaignId)
{
    for (int i = 0; i < m_listView->count(); ++i) {
        if (m_listView->item(i)->data(idRole).toString() == campaignId) {
            m_listView->setCurrentRow(i);
            return;
        }
    }
    // Not listed yet (just created): read the list, then select it.
    m_campaigns->fetchCampaigns(this, [this, campaignId](const Result<QList<UnloopaCampaign>> &campaigns) {
        if (!campaigns.ok()) {
            showError(campaigns.error(), tr("Could not read the voice campaigns:"));
            return;
        }
        showList(campaigns.value());
        for (int i = 0; i < m_listView->count(); ++i) {
            if (m_listView->item(i)->data(idRole).toString() == campaignId)
                m_listView->setCurrentRow(i);
        }
    });
}

void VoiceCampaignsPanel::showList(const QList<UnloopaCampaign> &campaigns)
{
    m_list = campaigns;
    const QString keep = selectedId();
    {
        const QSignalBlocker blocker(m_listView);
        m_listView->clear();
        for (const UnloopaCampaign &campaign : campaigns) {
            auto *item = new QListWidgetItem(
                    tr("%1 \u2014 %2").arg(campaign.name, statusTitle(campaign.status)), m_listView);
            item->setData(idRole, campaign.id);
            item->setToolTip(tr("%1 calls, %2 connected, %3 interested")
                                     .arg(campaign.stats.total)
                                     .arg(campaign.stats.connected)
                                     .arg(campaign.stats.interested));
            item->setSelected(campaign.id == keep);
        }
    }
    m_count->setText(tr("%n voice campaign(s)", nullptr, int(campaigns.size())));
    m_empty->setVisible(campaigns.isEmpty());
    if (selectedId().isEmpty())
        showDetail({});
}

void VoiceCampaignsPanel::readDetail()
{
    const QString id = selectedId();
    if (id.isEmpty()) {
        showDetail({});
        return;
    }
    for (const UnloopaCampaign &listed : std::as_const(m_list)) {
        if (listed.id == id && m_detail.id != id)
            showDetail(listed); // what the list knows, until the detail arrives
    }
    m_campaigns->fetchCampaign(id, this, [this, id](const Result<UnloopaCampaign> &campaign) {
        if (selectedId() != id)
            return;
        if (!campaign.ok()) {
            showError(campaign.error(), tr("Could not read the campaign:"));
            return;
        }
        showDetail(campaign.value());
    });
}

void VoiceCampaignsPanel::showDetail(const UnloopaCampaign &campaign)
{
    m_detail = campaign;
    if (campaign.id.isEmpty()) {
        m_title->setText(tr("Select a campaign to see its calls and control it."));
        m_schedule->clear();
    } else {
        m_title->setText(tr("%1 \u2014 %2").arg(campaign.name, statusTitle(campaign.status)));
        QString schedule =
                tr("Calls %1; up to %2 calls an hour").arg(windowText(campaign)).arg(campaign.callsPerHour);
        if (campaign.maxCalls > 0)
            schedule += tr("; at most %n call(s)", nullptr, campaign.maxCalls);
        if (!campaign.voiceName.isEmpty())
            schedule += tr("; voice %1").arg(campaign.voiceName);
        m_schedule->setText(schedule + QLatin1Char('.'));
    }
    showStats(campaign.stats);
    // The operator's edits stay while the same campaign is shown; the detail's fields replace what
    // the list alone knew.
    const bool hasDetail = !campaign.timezone.isEmpty();
    if (campaign.id != m_fieldsCampaign || (hasDetail && !m_fieldsFromDetail) || !m_fields->isEnabled()) {
        showFields(campaign);
        m_fieldsCampaign = campaign.id;
        m_fieldsFromDetail = hasDetail;
    }
    updateButtons();
}

void VoiceCampaignsPanel::showStats(const UnloopaCampaignStats &stats)
{
    // Top to bottom as a call goes: still to ring, answered, then each outcome.
    const QList<QPair<QString, int>> bars{
            {tr("Pending"), stats.pending},       {tr("Connected"), stats.connected},
            {tr("Interested"), stats.interested}, {tr("Not interested"), stats.notInterested},
            {tr("Voicemail"), stats.voicemail},   {tr("No answer"), stats.noAnswer},
            {tr("Callback"), stats.callback},     {tr("Failed"), stats.failed},
    };
    const QPalette pal = palette();
    auto *chart = new QChart;
    chart->setTitle(tr("Calls by result"));
    QFont font = chart->titleFont();
    font.setBold(true);
    chart->setTitleFont(font);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide(); // one series: the title says what it counts
    chart->setMargins(QMargins(4, 4, 16, 4));

    auto *set = new QBarSet(tr("Calls"));
    set->setBrush(ChartStyle::seriesBrush(0, pal));
    set->setBorderColor(ChartStyle::seriesColor(0, pal));
    QStringList categories;
    QStringList labels;
    QStringList spoken;
    int maxValue = 0;
    for (auto it = bars.crbegin(); it != bars.crend(); ++it) { // the axis counts from the bottom
        *set << it->second;
        categories << it->first;
        labels << QLocale().toString(it->second);
        maxValue = qMax(maxValue, it->second);
    }
    for (const auto &[title, value] : bars)
        spoken << tr("%1 %2").arg(title).arg(value);
    connect(set, &QBarSet::hovered, this, [categories, labels](bool state, int index) {
        if (state)
            QToolTip::showText(QCursor::pos(),
                               tr("%1: %2").arg(categories.value(index), labels.value(index)));
    });
    auto *series = new QHorizontalBarSeries;
    series->setBarWidth(0.8);
    series->append(set);
    chart->addSeries(series);
    QValueAxis *values = ChartStyle::valueAxis(tr("Calls"), qMax(1, maxValue) * 1.2);
    auto *names = new QBarCategoryAxis;
    names->append(categories);
    chart->addAxis(values, Qt::AlignBottom);
    chart->addAxis(names, Qt::AlignLeft);
    series->attachAxis(values);
    series->attachAxis(names);
    ChartStyle::apply(chart, pal);
    new BarValueLabels(chart, series, {labels}, pal.color(QPalette::WindowText));

    QChart *old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;

    QString text = QLocale().createSeparatedList(spoken);
    if (stats.avgDurationSecs > 0)
        text += tr("; %n second(s) per connected call on average", nullptr, stats.avgDurationSecs);
    m_statsText->setText(tr("%n call(s) in all: ", nullptr, stats.total) + text + QLatin1Char('.'));
    m_chart->setAccessibleDescription(m_statsText->text());
}

void VoiceCampaignsPanel::showFields(const UnloopaCampaign &campaign)
{
    m_name->setText(campaign.name);
    m_scheduleFields->show(campaign);
}

void VoiceCampaignsPanel::updateButtons()
{
    const bool chosen = !m_detail.id.isEmpty();
    const QString status = m_detail.status;
    const bool active = status == QLatin1String("active");
    m_activate->setEnabled(chosen && !m_busy && m_detail.isEditable()); // draft or paused
    m_pause->setEnabled(chosen && !m_busy && active);
    m_cancel->setEnabled(chosen && !m_busy && status != QLatin1String("completed"));
    m_trigger->setEnabled(chosen && !m_busy && active);
    m_triggerLimit->setEnabled(chosen && active);
    const bool editable = chosen && m_detail.isEditable();
    // Until the detail arrives the schedule is not known: nothing to edit yet.
    m_fields->setEnabled(editable && m_fieldsFromDetail && !m_busy);
    QString note;
    if (!chosen)
        note = QString();
    else if (status == QLatin1String("completed"))
        note = tr("A completed campaign can no longer be changed.");
    else if (!editable)
        note = tr("Unloopa changes a campaign's settings only while it is a draft or paused: pause it to "
                  "change them.");
    m_fieldsNote->setText(note);
    m_fieldsNote->setVisible(!note.isEmpty());
}

void VoiceCampaignsPanel::showError(const ApiError &error, const QString &prefix)
{
    m_note->hide();
    ErrorText::show(m_error, error, prefix);
    m_error->show();
}

void VoiceCampaignsPanel::showNote(const QString &text)
{
    m_error->hide();
    m_note->setText(text);
    m_note->show();
}

void VoiceCampaignsPanel::settle(const Result<UnloopaCampaign> &answer, const QString &failedPrefix,
                                 const QString &doneNote)
{
    m_busy = false;
    if (!answer.ok()) {
        showError(answer.error(), failedPrefix);
        updateButtons();
        return;
    }
    showNote(doneNote);
    if (!answer->id.isEmpty())
        showDetail(answer.value());
    refresh();
}

void VoiceCampaignsPanel::activate()
{
    if (m_detail.id.isEmpty())
        return;
    const int leads = leadsOf(m_detail);
    QMessageBox box(QMessageBox::Question, tr("Activate voice campaign"),
                    tr("Activate \u201c%1\u201d?").arg(m_detail.name), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("campaignConfirmActivate"));
    box.setInformativeText(
            tr("Unloopa then calls its %n lead(s) on its own within %1, up to %2 calls an hour. "
               "Each call spends 1 voice credit: up to %n credit(s) in all. The outbound guard "
               "first checks that this window lies inside every lead's calling window.",
               nullptr, leads)
                    .arg(windowText(m_detail))
                    .arg(m_detail.callsPerHour));
    QPushButton *go = box.addButton(tr("&Activate"), QMessageBox::AcceptRole);
    go->setObjectName(QStringLiteral("campaignConfirmActivateButton"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    if (box.clickedButton() != go)
        return;
    activateWith({}, false);
}

void VoiceCampaignsPanel::activateWith(const OutboundOverrides &overrides, bool askedOverride)
{
    m_busy = true;
    updateButtons();
    const QString id = m_detail.id;
    m_campaigns->activate(id, overrides, this, [this, askedOverride](const Result<UnloopaCampaign> &answer) {
        const GuardDecision decision = m_campaigns->lastDecision();
        const int outside = DecisionTable::needsOverrideCount(decision);
        if (!answer.ok() && answer.error().code == QLatin1String("outbound_refused") && !askedOverride &&
            outside > 0) {
            m_busy = false;
            showError(answer.error(), tr("Not activated:"));
            updateButtons();
            OutboundOverrides chosen;
            if (OverrideReasonDialog::ask(
                        OverrideReasonDialog::Subject::CallingWindow, chosen, this,
                        tr("The campaign's window reaches outside the calling window of %n lead(s) in their "
                           "local time.",
                           nullptr, outside)))
                activateWith(chosen, true);
            return;
        }
        settle(answer, tr("Not activated:"),
               tr("The campaign is active: Unloopa calls its leads within its window."));
    });
}

void VoiceCampaignsPanel::pause()
{
    if (m_detail.id.isEmpty())
        return;
    m_busy = true;
    updateButtons();
    m_campaigns->pause(m_detail.id, this, [this](const Result<UnloopaCampaign> &answer) {
        settle(answer, tr("Not paused:"), tr("The campaign is paused: Unloopa places no more calls."));
    });
}

void VoiceCampaignsPanel::cancelCampaign()
{
    if (m_detail.id.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, tr("Cancel voice campaign"),
                    tr("Cancel \u201c%1\u201d?").arg(m_detail.name), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("campaignConfirmCancel"));
    box.setInformativeText(tr("Its %n pending call(s) are cancelled and it is completed: it cannot be "
                              "activated again. No credit is spent.",
                              nullptr, m_detail.stats.pending));
    QPushButton *go = box.addButton(tr("Cancel the &campaign"), QMessageBox::DestructiveRole);
    go->setObjectName(QStringLiteral("campaignConfirmCancelButton"));
    QPushButton *keep = box.addButton(tr("&Keep it"), QMessageBox::RejectRole);
    keep->setObjectName(QStringLiteral("campaignConfirmCancelKeep"));
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() != go)
        return;
    m_busy = true;
    updateButtons();
    m_campaigns->cancel(m_detail.id, this, [this](const Result<UnloopaCampaign> &answer) {
        settle(answer, tr("Not cancelled:"), tr("The campaign is cancelled."));
    });
}

void VoiceCampaignsPanel::trigger()
{
    if (m_detail.id.isEmpty())
        return;
    const QString id = m_detail.id;
    const QString name = m_detail.name;
    const int limit = m_triggerLimit->value();
    m_busy = true;
    updateButtons();
    // The figures first (every pending lead judged now), then the credits /quota allows.
    m_campaigns->prepareTrigger(
            id, limit, {}, this, [=](const Result<VoiceCampaignController::TriggerPlan> &planned) {
                if (!planned.ok()) {
                    m_busy = false;
                    showError(planned.error(), tr("Not triggered:"));
                    updateButtons();
                    return;
                }
                const VoiceCampaignController::TriggerPlan plan = planned.value();
                if (plan.pending.isEmpty()) {
                    m_busy = false;
                    showNote(tr("No pending lead is left to call: nothing was triggered."));
                    updateButtons();
                    return;
                }
                m_campaigns->checkCredits(plan.credits, this, [=](const Result<QuotaGate::Verdict> &credits) {
                    m_busy = false;
                    updateButtons();
                    if (!credits.ok()) {
                        showError(credits.error(), tr("Could not read the voice credits:"));
                        return;
                    }
                    if (!credits.value()) {
                        showError(credits->toError(), tr("Not triggered:"));
                        return;
                    }
                    OutboundOverrides overrides;
                    if (!plan.decision.allAllowed()) {
                        // Unloopa picks whom it calls: every pending lead must be cleared, or none is called.
                        DryRunDialog dryRun(tr("Call %n pending lead(s) now", nullptr, plan.calls), this);
                        dryRun.setDecision(plan.decision);
                        dryRun.setRejudge([this, plan, limit](const OutboundOverrides &chosen) {
                            return m_campaigns->judgeTrigger(plan, limit, chosen);
                        });
                        if (dryRun.exec() != QDialog::Accepted)
                            return;
                        if (!dryRun.decision().allAllowed()) {
                            showNote(tr("Not triggered: %n pending lead(s) may not be called now, and "
                                        "Unloopa picks "
                                        "which pending leads it calls, so every one must be cleared.",
                                        nullptr, dryRun.decision().refusedCount()));
                            return;
                        }
                        overrides = dryRun.overrides();
                    }
                    QMessageBox box(
                            QMessageBox::Question, tr("Start voice calls"),
                            tr("Start %n call(s) now for \u201c%1\u201d?", nullptr, plan.calls).arg(name),
                            QMessageBox::NoButton, this);
                    box.setObjectName(QStringLiteral("campaignConfirmTrigger"));
                    box.setInformativeText(
                            tr("This spends %n voice credit(s), 1 per call.", nullptr, plan.credits) +
                            QLatin1Char(' ') +
                            tr("Unloopa picks which of the %n pending lead(s) it calls; the outbound guard "
                               "cleared every "
                               "one. A trigger is sent once and never retried.",
                               nullptr, int(plan.pending.size())));
                    QPushButton *go = box.addButton(tr("&Start %n call(s)", nullptr, plan.calls),
                                                    QMessageBox::AcceptRole);
                    go->setObjectName(QStringLiteral("campaignConfirmTriggerButton"));
                    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
                    box.exec();
                    if (box.clickedButton() != go)
                        return;
                    m_busy = true;
                    updateButtons();
                    m_campaigns->trigger(id, limit, overrides, this,
                                         [this](const Result<UnloopaTriggerResult> &started) {
                                             m_busy = false;
                                             if (!started.ok()) {
                                                 showError(started.error(), tr("Not triggered:"));
                                                 updateButtons();
                                                 return;
                                             }
                                             showNote(tr("%n call(s) started (1 voice credit each). Follow "
                                                         "them on the Calls tab.",
                                                         nullptr, started->triggered));
                                             readDetail();
                                             refresh();
                                         });
                });
            });
}

void VoiceCampaignsPanel::saveFields()
{
    if (m_detail.id.isEmpty() || !m_detail.isEditable())
        return;
    UnloopaCampaignFields changed;
    if (const QString name = m_name->text().trimmed(); !name.isEmpty() && name != m_detail.name)
        changed.name = name;
    m_scheduleFields->fillChanges(m_detail, &changed);
    if (changed.isEmpty()) {
        showNote(tr("Nothing was changed."));
        return;
    }
    if (const QString problem = m_scheduleFields->problem(); !problem.isEmpty()) {
        showNote(problem);
        return;
    }
    m_busy = true;
    updateButtons();
    m_campaigns->update(m_detail.id, changed, this, [this](const Result<UnloopaCampaign> &answer) {
        settle(answer, tr("Not saved:"), tr("The campaign's settings are saved."));
        if (answer.ok())
            showFields(answer.value());
    });
}

void VoiceCampaignsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        showStats(m_detail.stats); // chart colours follow light and dark mode
}
