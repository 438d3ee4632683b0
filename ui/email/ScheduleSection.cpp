#include "ScheduleSection.h"

#include "SendWindowsEditor.h"
#include "TimeZonePicker.h"
#include "common/ErrorText.h"
#include "email/CampaignEditorController.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QTimeZone>
#include <QVBoxLayout>

ScheduleSection::ScheduleSection(CampaignEditorController *controller, QWidget *parent)
    : EditorSection(parent),
      m_controller(controller),
      m_zone(new TimeZonePicker(this)),
      m_windows(new SendWindowsEditor(this)),
      m_stopOnReply(new QCheckBox(tr("Stop emailing a contact who &replies"), this)),
      m_stopOnUnsub(new QCheckBox(tr("Stop emailing a contact who &unsubscribes"), this)),
      m_stopOnBounce(new QCheckBox(tr("Stop emailing a contact whose email &bounces"), this)),
      m_problem(new QLabel(this)),
      m_state(new QLabel(this)),
      m_save(new QPushButton(tr("&Save schedule and stop rules"), this))
{
    setObjectName(QStringLiteral("emailScheduleSection"));
    auto *layout = new QVBoxLayout(this);
    auto *scheduleBox = new QGroupBox(tr("When emails go out"), this);
    auto *form = new QFormLayout(scheduleBox);
    m_zone->setObjectName(QStringLiteral("emailTimeZone"));
    m_zone->setAccessibleName(tr("Time zone of the schedule"));
    form->addRow(tr("&Time zone:"), m_zone);
    auto *days = new QHBoxLayout;
    const QLocale locale;
    const QStringList weekdays = O2dSchedule::allWeekdays();
    for (int i = 0; i < weekdays.size(); ++i) {
        const int day = Qt::Monday + i;
        auto *box = new QCheckBox(locale.dayName(day, QLocale::ShortFormat), scheduleBox);
        box->setObjectName(QStringLiteral("emailDay_%1").arg(weekdays.at(i)));
        box->setAccessibleName(locale.dayName(day, QLocale::LongFormat));
        days->addWidget(box);
        m_days << box;
        connect(box, &QCheckBox::toggled, this, &ScheduleSection::edited);
    }
    days->addStretch();
    form->addRow(tr("Weekdays:"), days);
    m_windows->setObjectName(QStringLiteral("emailWindows"));
    form->addRow(tr("Windows:"), m_windows);
    layout->addWidget(scheduleBox);

    auto *rulesBox = new QGroupBox(tr("Stop rules"), this);
    auto *rules = new QVBoxLayout(rulesBox);
    for (QCheckBox *box : {m_stopOnReply, m_stopOnUnsub, m_stopOnBounce}) {
        rules->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &ScheduleSection::edited);
    }
    m_stopOnReply->setObjectName(QStringLiteral("emailStopOnReply"));
    m_stopOnUnsub->setObjectName(QStringLiteral("emailStopOnUnsub"));
    m_stopOnBounce->setObjectName(QStringLiteral("emailStopOnBounce"));
    layout->addWidget(rulesBox);

    m_problem->setObjectName(QStringLiteral("emailScheduleProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    auto *buttons = new QHBoxLayout;
    m_save->setObjectName(QStringLiteral("emailSaveSchedule"));
    m_save->setToolTip(tr("Send the schedule and the stop rules to Outreach2day (Ctrl+S)"));
    buttons->addWidget(m_save);
    m_state->setObjectName(QStringLiteral("emailScheduleState"));
    buttons->addWidget(m_state, 1);
    layout->addLayout(buttons);
    layout->addStretch();

    auto *saveKey = new QShortcut(QKeySequence::Save, this);
    saveKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveKey, &QShortcut::activated, this, &ScheduleSection::save);
    connect(m_save, &QPushButton::clicked, this, &ScheduleSection::save);
    connect(m_zone, &TimeZonePicker::zoneChanged, this, &ScheduleSection::edited);
    connect(m_windows, &SendWindowsEditor::windowsChanged, this, &ScheduleSection::edited);
    connect(m_controller, &CampaignEditorController::scheduleSaved, this, [this] {
        showSaved();
        Q_EMIT changed();
    });
    connect(m_controller, &CampaignEditorController::failed, this,
            [this](CampaignEditorController::Topic topic, const QString &what, const ApiError &error) {
                if (topic == CampaignEditorController::Topic::Schedule)
                    m_problem->setText(tr("%1: %2").arg(what, ErrorText::plainText(error)));
            });
    showSaved();
}

void ScheduleSection::setCampaign(const QString &)
{
    m_problem->clear();
    showSaved();
}

QString ScheduleSection::missing() const
{
    if (!m_controller->schedule())
        return tr("Set the schedule and save it.");
    if (m_dirty)
        return tr("Save the changes to the schedule.");
    return {};
}

O2dSchedule ScheduleSection::draft() const
{
    O2dSchedule schedule;
    schedule.timezone = m_zone->zone().isEmpty() ? m_zone->currentText().trimmed() : m_zone->zone();
    const QStringList weekdays = O2dSchedule::allWeekdays();
    for (int i = 0; i < m_days.size() && i < weekdays.size(); ++i)
        if (m_days.at(i)->isChecked())
            schedule.weekdays << weekdays.at(i);
    schedule.windows = m_windows->windows();
    return schedule;
}

O2dStopRules ScheduleSection::draftStopRules() const
{
    O2dStopRules rules;
    rules.stopOnReply = m_stopOnReply->isChecked();
    rules.stopOnUnsub = m_stopOnUnsub->isChecked();
    rules.stopOnBounce = m_stopOnBounce->isChecked();
    return rules;
}

QString ScheduleSection::problem() const
{
    if (m_zone->zone().isEmpty())
        return tr("Pick a time zone from the list (type part of its name to search).");
    const std::optional<ApiError> problem = draft().problem();
    return problem ? problem->explanation : QString();
}

void ScheduleSection::save()
{
    if (!m_save->isEnabled())
        return;
    m_problem->clear();
    m_state->setText(tr("Saving…"));
    m_controller->saveSchedule(draft(), draftStopRules());
}

void ScheduleSection::edited()
{
    if (m_loading)
        return;
    m_dirty = true;
    m_state->setText(tr("Changes not saved yet."));
    validate();
    Q_EMIT draftChanged();
}

void ScheduleSection::validate()
{
    const QString problem = this->problem();
    m_problem->setText(problem);
    m_save->setEnabled(!m_controller->campaignId().isEmpty() && problem.isEmpty());
}

void ScheduleSection::showSaved()
{
    m_loading = true;
    const std::optional<O2dSchedule> saved = m_controller->schedule();
    // Unsaved: a working week in this computer's zone, as a starting point.
    const O2dSchedule schedule = saved.value_or([] {
        O2dSchedule fresh;
        fresh.timezone = QString::fromLatin1(QTimeZone::systemTimeZoneId());
        fresh.weekdays = O2dSchedule::allWeekdays().mid(0, 5);
        fresh.windows = {{QTime(9, 0), QTime(17, 0)}};
        return fresh;
    }());
    m_zone->setZone(schedule.timezone);
    const QStringList weekdays = O2dSchedule::allWeekdays();
    for (int i = 0; i < m_days.size() && i < weekdays.size(); ++i)
        m_days.at(i)->setChecked(schedule.weekdays.contains(weekdays.at(i)));
    m_windows->setWindows(schedule.windows);
    const O2dStopRules rules = m_controller->stopRules();
    m_stopOnReply->setChecked(rules.stopOnReply);
    m_stopOnUnsub->setChecked(rules.stopOnUnsub);
    m_stopOnBounce->setChecked(rules.stopOnBounce);
    m_loading = false;
    m_dirty = false;
    m_state->setText(saved ? tr("Saved at Outreach2day.") : tr("Not saved yet."));
    validate();
    Q_EMIT draftChanged();
}
