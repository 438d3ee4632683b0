#pragma once

#include "unloopa/UnloopaVoiceTypes.h"

#include <QList>
#include <QObject>

class QCheckBox;
class QFormLayout;
class QSpinBox;
class QTimeEdit;
class QWidget;
class TimeZonePicker;

// The schedule of an Unloopa voice campaign — time zone, calling window, days, calls per hour and
// maximum — as rows of the caller's form, so the new-campaign dialog and the Campaigns tab edit it
// with the same widgets, names and limits.
class VoiceScheduleFields : public QObject
{
    Q_OBJECT
public:
    // Adds the rows to `form`; the widgets belong to `owner`. Defaults: weekdays 09:00–17:00,
    // 10 calls an hour, no maximum.
    VoiceScheduleFields(QFormLayout *form, QWidget *owner);

    void setZone(const QString &zoneId);
    void show(const UnloopaCampaign &campaign);

    // The whole schedule (a draft's): the maximum only when one is set.
    void fill(UnloopaCampaignFields *fields) const;
    // Only what differs from `campaign` (an update's).
    void fillChanges(const UnloopaCampaign &campaign, UnloopaCampaignFields *changed) const;
    // What stops this schedule from calling anyone (no time zone, a window that ends before it
    // starts, no day), in words; empty when there is nothing.
    QString problem() const;

Q_SIGNALS:
    // The time zone, window or days changed: who may be called changes with them.
    void scheduleChanged();

private:
    QStringList days() const;

    TimeZonePicker *m_zone;
    QTimeEdit *m_start;
    QTimeEdit *m_end;
    QList<QCheckBox *> m_days; // mon … sun
    QSpinBox *m_perHour;
    QSpinBox *m_max;
};
