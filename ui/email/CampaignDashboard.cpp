#include "CampaignDashboard.h"

#include "common/BarValueLabels.h"
#include "common/ChartStyle.h"
#include "common/LayoutMemory.h"
#include "email/CampaignDashboardController.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QCursor>
#include <QEvent>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace {

constexpr int kRefreshMs = 30000; // the stats change as sends go out; the live feed adds more
constexpr int kChartHeight = 260;

// A horizontal bar chart of `bars` (first at the top), one colour and pattern per bar so that
// neither colour nor position alone tells them apart, each bar's count beside it.
QChart *barChart(const QString &title, const QString &valueTitle, const QString &categoryTitle,
                 const QList<CampaignDashboardController::Bar> &bars, const QPalette &palette)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    // Stacked, one set per bar with its count in its own category and 0 elsewhere: each bar keeps
    // the full width and takes its own colour and pattern.
    auto *series = new QHorizontalStackedBarSeries;
    series->setBarWidth(0.8);
    QStringList categories;
    int maxCount = 0;
    // The axis counts from the bottom, hence the reversed order.
    QList<QStringList> labels;
    for (int i = int(bars.size()) - 1; i >= 0; --i)
        categories << bars[i].label;
    for (int i = 0; i < bars.size(); ++i) {
        auto *set = new QBarSet(bars[i].label);
        const int row = int(bars.size()) - 1 - i;
        QStringList texts;
        for (int c = 0; c < bars.size(); ++c) {
            *set << (c == row ? bars[i].count : 0);
            texts << (c == row ? QLocale().toString(bars[i].count) : QString());
        }
        labels << texts;
        set->setBrush(ChartStyle::seriesBrush(i, palette));
        set->setBorderColor(ChartStyle::seriesColor(i, palette));
        maxCount = std::max(maxCount, bars[i].count);
        series->append(set);
    }
    chart->addSeries(series);
    auto *category = new QBarCategoryAxis;
    category->append(categories);
    category->setTitleText(categoryTitle);
    // Headroom for the longest bar's label to stand beside it.
    QValueAxis *value = ChartStyle::valueAxis(valueTitle, maxCount * 1.2);
    chart->addAxis(value, Qt::AlignBottom);
    chart->addAxis(category, Qt::AlignLeft);
    series->attachAxis(value);
    series->attachAxis(category);
    ChartStyle::apply(chart, palette);
    new BarValueLabels(chart, series, labels, palette.color(QPalette::WindowText));
    QObject::connect(series, &QHorizontalStackedBarSeries::hovered, chart,
                     [bars](bool state, int, QBarSet *set) {
                         if (!state)
                             return;
                         for (const auto &bar : bars)
                             if (bar.label == set->label())
                                 QToolTip::showText(QCursor::pos(),
                                                    QCoreApplication::translate("CampaignDashboard", "%1: %2")
                                                            .arg(bar.label, QLocale().toString(bar.count)));
                     });
    return chart;
}

QChartView *chartView(const QString &objectName, const QString &accessibleName)
{
    auto *view = new QChartView;
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, kChartHeight);
    return view;
}

} // namespace

CampaignDashboard::CampaignDashboard(const EmailContext &context, QWidget *parent)
    : EditorSection(parent), m_controller(new CampaignDashboardController(context.service, this))
{
    setObjectName(QStringLiteral("campaignDashboard"));
    auto *layout = new QVBoxLayout(this);

    auto *rates = new QHBoxLayout;
    m_replyRate = new QLabel;
    m_replyRate->setObjectName(QStringLiteral("dashboardReplyRate"));
    m_replyRate->setAccessibleName(tr("Reply rate"));
    m_bounceRate = new QLabel;
    m_bounceRate->setObjectName(QStringLiteral("dashboardBounceRate"));
    m_bounceRate->setAccessibleName(tr("Bounce rate"));
    rates->addWidget(m_replyRate);
    rates->addWidget(m_bounceRate);
    rates->addStretch(1);
    layout->addLayout(rates);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setAccessibleName(tr("Dashboard status"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("dashboardSplitter"));
    splitter->setChildrenCollapsible(false);
    m_funnelView = chartView(QStringLiteral("dashboardFunnel"), tr("Contacts funnel"));
    m_sendsView = chartView(QStringLiteral("dashboardSends"), tr("Sends by status"));
    splitter->addWidget(m_funnelView);
    splitter->addWidget(m_sendsView);
    layout->addWidget(splitter, 1);
    LayoutMemory::track(splitter, QStringLiteral("email/dashboard"));

    connect(m_controller, &CampaignDashboardController::updated, this, [this] {
        m_status->clear();
        rebuild();
    });
    connect(m_controller, &CampaignDashboardController::failed, this, [this](const QString &message) {
        m_status->setText(tr("Could not read the stats: %1").arg(message));
    });
    m_controller->setRefreshInterval(kRefreshMs);
    rebuild();
}

void CampaignDashboard::setCampaign(const QString &campaignId)
{
    m_controller->setCampaign(campaignId);
    m_controller->refresh();
}

void CampaignDashboard::refresh()
{
    m_controller->refresh();
}

void CampaignDashboard::changeEvent(QEvent *event)
{
    EditorSection::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild(); // the series colours are chosen against the background
}

void CampaignDashboard::rebuild()
{
    const auto rateText = [](const QString &what, const CampaignDashboardController::Rate &rate) {
        return tr("%1: %2 % (%3 of %4 contacts)")
                .arg(what, QLocale().toString(rate.percent(), 'f', 1), QLocale().toString(rate.count),
                     QLocale().toString(rate.of));
    };
    const bool known = m_controller->hasStats();
    m_replyRate->setText(known ? rateText(tr("Reply rate"), m_controller->replyRate()) : tr("Reply rate: —"));
    m_bounceRate->setText(known ? rateText(tr("Bounce rate"), m_controller->bounceRate())
                                : tr("Bounce rate: —"));

    const QPalette pal = palette();
    QChart *oldFunnel = m_funnelView->chart();
    QChart *oldSends = m_sendsView->chart();
    m_funnelView->setChart(
            barChart(tr("Contacts funnel"), tr("Contacts"), tr("Stage"), m_controller->funnel(), pal));
    m_sendsView->setChart(barChart(
            tr("Sends by status (%1 in all)").arg(QLocale().toString(m_controller->stats().sends.total)),
            tr("Sends"), tr("Status"), m_controller->sendsByStatus(), pal));
    delete oldFunnel;
    delete oldSends;
}
