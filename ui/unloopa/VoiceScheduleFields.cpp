#include "VoiceScheduleFields.h"

#include "email/TimeZonePicker.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QTimeEdit>

namespace {
QTimeEdit *timeEdit(const QTime &time, const char *objectName, const QString &accessible, QWidget *owner)
{
    auto *edit = new QTimeEdit(time, owner);
    edit->setObjectName(QString::fromLatin1(objectName));
    edit->setAccessibleName(accessible);
    edit->setDisplayFormat(QStringLiteral("HH:mm"));
    return edit;
}
} // namespace

VoiceScheduleFields::VoiceScheduleFields(QFormLayout *form, QWidget *owner) : QObject(owner)
{
    m_zone = new TimeZonePicker(owner);
    m_zone->setObjectName(QStringLiteral("campaignTimeZone"));
    m_zone->setAccessibleName(tr("Campaign time zone"));
    form->addRow(tr("&Time zone:"), m_zone);

    m_start = timeEdit(QTime(9, 0), "campaignWindowStart", tr("Calling window start"), owner);
    m_end = timeEdit(QTime(17, 0), "campaignWindowEnd", tr("Calling window end"), owner);
    auto *window = new QHBoxLayout;
    window->addWidget(m_start);
    window->addWidget(new QLabel(tr("to"), owner));
    window->addWidget(m_end);
    window->addStretch();
    form->addRow(tr("Calling &window:"), window);

    auto *days = new QHBoxLayout;
    const QStringList dayIds = UnloopaCampaignFields::dayNames();
    for (int i = 0; i < dayIds.size(); ++i) {
        auto *day = new QCheckBox(QLocale().dayName(i + 1, QLocale::ShortFormat), owner);
        day->setObjectName(QStringLiteral("campaignDay-") + dayIds.at(i));
        day->setAccessibleName(QLocale().dayName(i + 1));
        day->setChecked(i < 5);
        days->addWidget(day);
        m_days.append(day);
        connect(day, &QCheckBox::toggled, this, &VoiceScheduleFields::scheduleChanged);
    }
    days->addStretch();
    form->addRow(tr("Calling &days:"), days);

    m_perHour = new QSpinBox(owner);
    m_perHour->setObjectName(QStringLiteral("campaignPerHour"));
    m_perHour->setAccessibleName(tr("Calls per hour"));
    m_perHour->setRange(1, 60);
    m_perHour->setValue(10);
    form->addRow(tr("Calls per &hour:"), m_perHour);
    m_max = new QSpinBox(owner);
    m_max->setObjectName(QStringLiteral("campaignMax"));
    m_max->setAccessibleName(tr("Maximum calls"));
    m_max->setRange(0, 100000);
    m_max->setSpecialValueText(tr("No maximum"));
    form->addRow(tr("&Maximum calls:"), m_max);

    connect(m_zone, &TimeZonePicker::zoneChanged, this, &VoiceScheduleFields::scheduleChanged);
    connect(m_start, &QTimeEdit::timeChanged, this, &VoiceScheduleFields::scheduleChanged);
    connect(m_end, &QTimeEdit::timeChanged, this, &VoiceScheduleFields::scheduleChanged);
}

void VoiceScheduleFields::setZone(const QString &zoneId)
{
    m_zone->setZone(zoneId);
}

void VoiceScheduleFields::show(const UnloopaCampaign &campaign)
{
    m_zone->setZone(campaign.timezone);
    m_start->setTime(campaign.windowStart.isValid() ? campaign.windowStart : QTime(9, 0));
    m_end->setTime(campaign.windowEnd.isValid() ? campaign.windowEnd : QTime(17, 0));
    for (int i = 0; i < m_days.size(); ++i)
        m_days.at(i)->setChecked(campaign.callingDays.contains(UnloopaCampaignFields::dayNames().at(i)));
    m_perHour->setValue(qMax(1, campaign.callsPerHour));
    m_max->setValue(campaign.maxCalls);
}

void VoiceScheduleFields::fill(UnloopaCampaignFields *fields) const
{
    if (!m_zone->zone().isEmpty())
        fields->timezone = m_zone->zone();
    fields->windowStart = m_start->time();
    fields->windowEnd = m_end->time();
    fields->callingDays = days();
    fields->callsPerHour = m_perHour->value();
    if (m_max->value() > 0)
        fields->maxCalls = m_max->value();
}

void VoiceScheduleFields::fillChanges(const UnloopaCampaign &campaign, UnloopaCampaignFields *changed) const
{
    if (!m_zone->zone().isEmpty() && m_zone->zone() != campaign.timezone)
        changed->timezone = m_zone->zone();
    if (m_start->time() != campaign.windowStart)
        changed->windowStart = m_start->time();
    if (m_end->time() != campaign.windowEnd)
        changed->windowEnd = m_end->time();
    if (const QStringList chosen = days(); chosen != campaign.callingDays)
        changed->callingDays = chosen;
    if (m_perHour->value() != campaign.callsPerHour)
        changed->callsPerHour = m_perHour->value();
    if (m_max->value() != campaign.maxCalls)
        changed->maxCalls = m_max->value(); // 0: the maximum is lifted
}

QString VoiceScheduleFields::problem() const
{
    if (m_zone->zone().isEmpty())
        return tr("Choose the time zone the calling window is in.");
    if (m_start->time() >= m_end->time())
        return tr("The calling window must end after it starts.");
    if (days().isEmpty())
        return tr("Choose at least one calling day.");
    return {};
}

QStringList VoiceScheduleFields::days() const
{
    QStringList chosen;
    for (int i = 0; i < m_days.size(); ++i) {
        if (m_days.at(i)->isChecked())
            chosen << UnloopaCampaignFields::dayNames().at(i);
    }
    return chosen;
}
