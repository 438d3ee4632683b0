#pragma once

#include "EditorSection.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QList>

class CampaignEditorController;
class QCheckBox;
class QLabel;
class QPushButton;
class SendWindowsEditor;
class TimeZonePicker;

// Schedule and stop rules: the time zone (picker with search), the sending weekdays, several
// windows, and when a contact stops getting emails (reply, unsubscribe, bounce). Checked as the
// operator edits (the field named); Save sends both (PUT schedule, PUT stop-rules).
class ScheduleSection : public EditorSection
{
    Q_OBJECT
public:
    explicit ScheduleSection(CampaignEditorController *controller, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override;

    // The schedule as the widgets show it now (saved or not): the capacity planner follows it.
    O2dSchedule draft() const;
    O2dStopRules draftStopRules() const;
    QString problem() const; // the draft's first problem, naming the field; empty when it may be sent
    bool isDirty() const { return m_dirty; }
    void save();

    TimeZonePicker *timeZonePicker() const { return m_zone; }
    SendWindowsEditor *windowsEditor() const { return m_windows; }

Q_SIGNALS:
    // The operator edited the schedule (not saved yet).
    void draftChanged();

private:
    void showSaved();
    void edited();
    void validate();

    CampaignEditorController *m_controller;
    TimeZonePicker *m_zone;
    QList<QCheckBox *> m_days; // mon..sun
    SendWindowsEditor *m_windows;
    QCheckBox *m_stopOnReply;
    QCheckBox *m_stopOnUnsub;
    QCheckBox *m_stopOnBounce;
    QLabel *m_problem;
    QLabel *m_state;
    QPushButton *m_save;
    bool m_dirty = false;
    bool m_loading = false;
};
