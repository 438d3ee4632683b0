#pragma once

#include "core/Result.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QList>
#include <QWidget>

class QChartView;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class VoiceScheduleFields;
class VoiceCampaignController;
struct OutboundOverrides;

// The Campaigns tab of the Unloopa Voice page: the voice campaigns with their status, and the
// selected one's detail — its schedule, its stats (pending, connected, interested, …) as a bar
// chart that reads at the default size (ui/common/ChartStyle, values beside the bars) — and its
// lifecycle: activate (the guard checks the campaign's window against every lead's), pause,
// cancel, and trigger (≤ 10 calls now, every pending lead cleared first, the credits it spends
// confirmed and checked against /quota first). Activation, cancel and trigger ask first and say
// what they spend. The fields can be changed only while the campaign is a draft or paused (the
// controls are off otherwise, and say why). Widgets only: VoiceCampaignController holds the state.
class VoiceCampaignsPanel : public QWidget
{
    Q_OBJECT
public:
    // `campaigns` outlives the panel.
    explicit VoiceCampaignsPanel(VoiceCampaignController *campaigns, QWidget *parent = nullptr);

    // Reads the campaigns again (and the selected one's detail).
    void refresh();
    // Selects the campaign (after it was created, say) and shows its detail.
    void showCampaign(const QString &campaignId);
    QString selectedId() const;
    const UnloopaCampaign &detail() const { return m_detail; }

    // A status as the operator reads it ("Draft", "Active", …).
    static QString statusTitle(const QString &status);

private:
    void showList(const QList<UnloopaCampaign> &campaigns);
    void readDetail();
    void showDetail(const UnloopaCampaign &campaign);
    void showStats(const UnloopaCampaignStats &stats);
    void showFields(const UnloopaCampaign &campaign);
    void updateButtons();
    void showError(const ApiError &error, const QString &prefix);
    void showNote(const QString &text);

    void activate();
    void activateWith(const OutboundOverrides &overrides, bool askedOverride);
    void pause();
    void cancelCampaign();
    void trigger();
    void saveFields();
    // The action's answer: the campaign as it is now, or the error.
    void settle(const Result<UnloopaCampaign> &answer, const QString &failedPrefix, const QString &doneNote);

    void changeEvent(QEvent *event) override;

    VoiceCampaignController *m_campaigns;
    QList<UnloopaCampaign> m_list;
    UnloopaCampaign m_detail;
    bool m_busy = false;
    QString m_fieldsCampaign; // the campaign the fields show
    bool m_fieldsFromDetail = false; // ... as its detail (not only the list) gave them

    QLabel *m_count;
    QListWidget *m_listView;
    QLabel *m_empty;
    QPushButton *m_refresh;
    QLabel *m_title;
    QLabel *m_schedule;
    QChartView *m_chart;
    QLabel *m_statsText;
    QPushButton *m_activate;
    QPushButton *m_pause;
    QPushButton *m_cancel;
    QSpinBox *m_triggerLimit;
    QPushButton *m_trigger;
    QLabel *m_fieldsNote;
    QWidget *m_fields;
    QLineEdit *m_name;
    VoiceScheduleFields *m_scheduleFields;
    QPushButton *m_save;
    QLabel *m_note;
    QLabel *m_error;
};
