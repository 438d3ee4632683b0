#pragma once

#include "email/EditorSection.h"

class CampaignDashboardController;
class QChartView;
class QLabel;

// A running campaign at a glance: the contacts funnel and the sends by status as bar charts that
// follow the console's chart rules (ChartStyle: Okabe–Ito colours with a pattern as second cue,
// 1/2/5 ticks, titled axes, the palette's own text colours in light and dark mode, value labels
// where they fit), and the reply and bounce rates with their counts. Live: the controller reads
// the stats on a timer, and refresh() is what the live feed calls when contacts change.
class CampaignDashboard : public EditorSection
{
    Q_OBJECT
public:
    explicit CampaignDashboard(const EmailContext &context, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override { return {}; } // nothing to fill in: it only shows
    // Reads the stats again now (e.g. when the live feed reports changes).
    void refresh();

    CampaignDashboardController *controller() const { return m_controller; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    CampaignDashboardController *m_controller;
    QChartView *m_funnelView;
    QChartView *m_sendsView;
    QLabel *m_replyRate;
    QLabel *m_bounceRate;
    QLabel *m_status;
};
