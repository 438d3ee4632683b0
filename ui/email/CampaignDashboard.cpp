#include "CampaignDashboard.h"

#include "common/BarValueLabels.h"
#include "common/ChartStyle.h"
#include "common/ErrorText.h"
#include "common/ExportControl.h"
#include "common/LayoutMemory.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "email/CampaignDashboardController.h"
#include "email/CampaignSendsController.h"
#include "email/CampaignSummaryExport.h"
#include "email/EmailActivityStore.h"
#include "table/RecordTableModel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QCursor>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace {

constexpr int kRefreshMs = 30000; // the stats change as sends go out; the live feed adds more
constexpr int kChartHeight = 260;
constexpr int kSendsTableHeight = 280;
constexpr int kLatestChanges = 5; // the newest changes named on the dashboard

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
    : EditorSection(parent),
      m_context(context),
      m_sends(new CampaignSendsController(context.service, context.activity, this)),
      m_summary(new CampaignSummaryExport(context.service, this)),
      m_latest(new QLabel),
      m_controller(new CampaignDashboardController(context.service, this))
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
    layout->addWidget(splitter);
    LayoutMemory::track(splitter, QStringLiteral("email/dashboard"));

    m_latest->setObjectName(QStringLiteral("dashboardLatestChanges"));
    m_latest->setAccessibleName(tr("Latest replies, bounces and unsubscribes"));
    m_latest->setWordWrap(true);
    m_latest->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->insertWidget(layout->indexOf(m_status) + 1, m_latest);
    layout->addWidget(createSendsBox(), 1);

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

QWidget *CampaignDashboard::createSendsBox()
{
    auto *box = new QGroupBox(tr("Sends"));
    box->setObjectName(QStringLiteral("dashboardSendsBox"));
    auto *layout = new QVBoxLayout(box);
    auto *actions = new QHBoxLayout;
    m_sendsSearch = new QLineEdit;
    m_sendsSearch->setObjectName(QStringLiteral("dashboardSendsSearch"));
    m_sendsSearch->setAccessibleName(tr("Search the sends"));
    m_sendsSearch->setPlaceholderText(tr("Search recipient, status, step or mailbox"));
    m_sendsSearch->setClearButtonEnabled(true);
    m_retrieve = new QPushButton(tr("Retrie&ve sends"));
    m_retrieve->setObjectName(QStringLiteral("dashboardRetrieveSends"));
    m_retrieve->setToolTip(tr("Read every send of the campaign from Outreach2day again (F5)"));
    m_export = new ExportControl(m_sends->exportJob(), m_context.notifier);
    m_export->setObjectName(QStringLiteral("dashboardSendsExport"));
    m_export->setSource([this] {
        return ExportControl::Source{m_sends->sends(),
                                     QStringLiteral("outreach2day-sends-%1.csv").arg(m_campaignId)};
    });
    m_export->attachShortcut(this);
    m_saveSummary = new QPushButton(tr("Save summary e&xport…"));
    m_saveSummary->setObjectName(QStringLiteral("dashboardSaveSummary"));
    m_saveSummary->setToolTip(tr("Save Outreach2day's summary export of the campaign as a file"));
    actions->addWidget(m_sendsSearch, 1);
    actions->addWidget(m_retrieve);
    actions->addWidget(m_export);
    actions->addWidget(m_saveSummary);
    layout->addLayout(actions);

    m_sendsTable = new RecordTableView;
    m_sendsTable->setObjectName(QStringLiteral("dashboardSendsTable"));
    m_sendsTable->setAccessibleName(tr("Sends of the campaign"));
    m_sendsTable->setRecordModel(m_sends->sends(), QStringLiteral("email/sends"), EmailActivityStore::SentAt,
                                 Qt::DescendingOrder);
    m_sendsTable->setSortingEnabled(true);
    m_sendsTable->setMinimumHeight(kSendsTableHeight);
    layout->addWidget(m_sendsTable, 1);
    m_sendsStatus = new QLabel;
    m_sendsStatus->setObjectName(QStringLiteral("dashboardSendsStatus"));
    m_sendsStatus->setWordWrap(true);
    ErrorText::makeLinkLabel(m_sendsStatus);
    layout->addWidget(m_sendsStatus);

    m_summaryPath = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Save summary export"), suggested);
    };
    connect(m_sendsSearch, &QLineEdit::textChanged, m_sends, &CampaignSendsController::setFilterText);
    connect(m_retrieve, &QPushButton::clicked, this, &CampaignDashboard::retrieveSends);
    connect(m_saveSummary, &QPushButton::clicked, this, &CampaignDashboard::saveSummaryExport);
    auto *refreshKey = new QShortcut(QKeySequence::Refresh, this);
    refreshKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(refreshKey, &QShortcut::activated, this, &CampaignDashboard::retrieveSends);

    connect(m_sends, &CampaignSendsController::retrievalStarted, this, [this] {
        m_retrieve->setEnabled(false);
        m_sendsStatus->setText(tr("Retrieving the sends…"));
    });
    connect(m_sends, &CampaignSendsController::retrievalProgress, this, [this](int fetched) {
        m_sendsStatus->setText(tr("Retrieving the sends… %1 so far.").arg(QLocale().toString(fetched)));
    });
    connect(m_sends, &CampaignSendsController::retrievalFinished, this,
            [this](const ApiError &error, int fetched) {
                m_retrieve->setEnabled(true);
                if (error.isError() && error.kind != ApiError::Kind::Cancelled)
                    ErrorText::show(m_sendsStatus, error,
                                    tr("The sends could not all be retrieved (what arrived is kept):"));
                else
                    m_sendsStatus->setText(tr("%n send(s) retrieved.", nullptr, fetched));
            });
    connect(m_sends, &CampaignSendsController::loaded, this, [this](qint64, const QString &problem) {
        if (!problem.isEmpty())
            m_sendsStatus->setText(tr("The stored sends could not be read: %1").arg(problem));
    });
    connect(m_summary, &CampaignSummaryExport::finished, this,
            [this](const QString &path, const ApiError &error, qint64 bytes) {
                m_saveSummary->setEnabled(true);
                if (error.isError()) {
                    ErrorText::show(m_sendsStatus, error, tr("The summary export was not saved:"));
                    return;
                }
                const QString message =
                        tr("The summary export (%1) is saved in %2.")
                                .arg(QLocale().formattedDataSize(bytes), QDir::toNativeSeparators(path));
                m_sendsStatus->setText(message);
                if (m_context.notifier)
                    m_context.notifier->notify(tr("Summary export"), message);
            });
    return box;
}

void CampaignDashboard::setCampaign(const QString &campaignId)
{
    m_campaignId = campaignId;
    m_controller->setCampaign(campaignId);
    m_controller->refresh();
    m_sends->setCampaign(campaignId);
    m_sendsStatus->clear();
    m_sendsRetrievedFor.clear();
    showLatestChanges();
    if (isVisible())
        retrieveSends();
}

void CampaignDashboard::refresh()
{
    m_controller->refresh();
    showLatestChanges();
    if (isVisible())
        retrieveSends();
}

void CampaignDashboard::showEvent(QShowEvent *event)
{
    EditorSection::showEvent(event);
    // The sends are retrieved when the operator first looks, not for every campaign opened.
    if (!m_campaignId.isEmpty() && m_sendsRetrievedFor != m_campaignId)
        retrieveSends();
}

void CampaignDashboard::retrieveSends()
{
    if (m_campaignId.isEmpty() || !m_context.activity)
        return;
    m_sendsRetrievedFor = m_campaignId;
    m_sends->retrieve();
}

void CampaignDashboard::setSummaryPathChooser(std::function<QString(const QString &)> chooser)
{
    m_summaryPath = std::move(chooser);
}

void CampaignDashboard::saveSummaryExport()
{
    if (m_campaignId.isEmpty() || m_summary->isRunning())
        return;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path =
            m_summaryPath(QDir(dir).filePath(CampaignSummaryExport::suggestedFileName(m_campaignId)));
    if (path.isEmpty())
        return;
    m_saveSummary->setEnabled(false);
    m_sendsStatus->setText(tr("Asking Outreach2day for the summary export…"));
    m_summary->save(m_campaignId, path);
}

void CampaignDashboard::showLatestChanges()
{
    if (!m_context.activity || m_campaignId.isEmpty()) {
        m_latest->clear();
        return;
    }
    // The changes of the last day the feed saw (a campaign's whole history can be long).
    const QDateTime latest = m_context.activity->latestChangeAt(m_campaignId);
    if (!latest.isValid()) {
        m_latest->setText(tr("No replies, bounces or unsubscribes seen yet."));
        return;
    }
    const QList<O2dContactChange> changes = m_context.activity->changes(m_campaignId, latest.addDays(-1));
    const auto what = [](const QString &status) {
        if (status == QLatin1String("replied"))
            return tr("replied");
        if (status == QLatin1String("bounced"))
            return tr("bounced");
        if (status == QLatin1String("unsubscribed"))
            return tr("unsubscribed");
        return tr("is now %1").arg(status);
    };
    QStringList lines;
    for (qsizetype i = changes.size() - 1; i >= 0 && lines.size() < kLatestChanges; --i) {
        const O2dContactChange &change = changes.at(i);
        lines << tr("%1 %2 (%3)")
                         .arg(change.email.isEmpty() ? change.contactId : change.email, what(change.status),
                              QLocale().toString(change.updatedAt.toLocalTime(), QLocale::ShortFormat));
    }
    m_latest->setText(tr("Latest: %1").arg(lines.join(QStringLiteral(" · "))));
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
