#pragma once

#include "email/EditorSection.h"

#include <functional>

class CampaignDashboardController;
class CampaignSendsController;
class CampaignSummaryExport;
class ExportControl;
class QChartView;
class QLabel;
class QLineEdit;
class QPushButton;
class RecordTableView;

// A running campaign at a glance: the contacts funnel and the sends by status as bar charts that
// follow the console's chart rules (ChartStyle: Okabe–Ito colours with a pattern as second cue,
// 1/2/5 ticks, titled axes, the palette's own text colours in light and dark mode, value labels
// where they fit), and the reply and bounce rates with their counts; the latest replies, bounces
// and unsubscribes the changes feed brought; every send of the campaign in the Sends table (the
// one table machinery: sort, filter, export; retrieved completely by cursor when the dashboard is
// first shown, on F5, and as the live feed reports activity); and the vendor's summary export
// saved as a file. Live: the controller reads the stats on a timer, and refresh() is what the
// page calls when the live feed reports the campaign moved.
class CampaignDashboard : public EditorSection
{
    Q_OBJECT
public:
    explicit CampaignDashboard(const EmailContext &context, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override { return {}; } // nothing to fill in: it only shows
    // Reads the stats again now, shows the latest changes the store holds and, while the
    // dashboard is on screen, retrieves the sends again (the live feed reports activity).
    void refresh();
    // Retrieves every send of the campaign into the store and the table (F5).
    void retrieveSends();
    // Asks where to save, then saves the vendor's summary export there.
    void saveSummaryExport();
    // Where the summary export goes (the default is a save dialog in the Documents folder); an
    // empty answer abandons it.
    void setSummaryPathChooser(std::function<QString(const QString &suggestedPath)> chooser);

    CampaignDashboardController *controller() const { return m_controller; }
    CampaignSendsController *sends() const { return m_sends; }
    ExportControl *sendsExport() const { return m_export; }
    QLabel *latestChanges() const { return m_latest; }

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void rebuild();
    QWidget *createSendsBox();
    void showLatestChanges();

    EmailContext m_context;
    QString m_campaignId;
    QString m_sendsRetrievedFor; // the campaign whose sends were retrieved since it was shown
    CampaignSendsController *m_sends;
    CampaignSummaryExport *m_summary;
    std::function<QString(const QString &)> m_summaryPath;
    QLabel *m_latest;
    QLineEdit *m_sendsSearch = nullptr;
    QPushButton *m_retrieve = nullptr;
    QPushButton *m_saveSummary = nullptr;
    ExportControl *m_export = nullptr;
    RecordTableView *m_sendsTable = nullptr;
    QLabel *m_sendsStatus = nullptr;

    CampaignDashboardController *m_controller;
    QChartView *m_funnelView;
    QChartView *m_sendsView;
    QLabel *m_replyRate;
    QLabel *m_bounceRate;
    QLabel *m_status;
};
