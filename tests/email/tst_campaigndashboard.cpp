// The campaign dashboard through its real widgets (offscreen): the funnel and sends charts'
// values, labels and axes from the documented stats answer, the reply and bounce rates with
// their counts, and the live path — stats read from the sandbox over loopback, a failure said
// in words while what was shown stays.

#include "EmailSectionRig.h"
#include "common/BarValueLabels.h"
#include "email/CampaignDashboard.h"
#include "email/CampaignDashboardController.h"
#include "sandbox/Outreach2daySandbox.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGraphicsSimpleTextItem>
#include <QJsonDocument>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QValueAxis>

namespace {

// GET /campaigns/cmp_abc123/stats as the Outreach2day public API reference shows it.
const char kDocumentedStats[] = R"({"campaignId": "cmp_abc123", "status": "active",
    "contacts": {"total": 500, "active": 200, "completed": 150, "replied": 45, "bounced": 5},
    "sends": {"total": 800, "sent": 750, "failed": 10, "bounced": 20, "replied": 45}})";

QStringList strings(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *text : texts)
        out << QString::fromUtf8(text);
    return out;
}

O2dStats documentedStats()
{
    return O2dStats::fromJson(QJsonDocument::fromJson(kDocumentedStats).object());
}

// Each bar of `view`'s chart, top to bottom, as "label=value" (the bar sets are one per bar).
QStringList bars(QChartView *view)
{
    QStringList out;
    const auto series = qobject_cast<QAbstractBarSeries *>(view->chart()->series().value(0));
    if (!series)
        return out;
    const int n = series->count();
    for (int i = 0; i < n; ++i) {
        const QBarSet *set = series->barSets().at(i);
        out << QStringLiteral("%1=%2").arg(set->label()).arg(set->at(n - 1 - i));
    }
    return out;
}

QStringList categories(QChartView *view)
{
    for (QAbstractAxis *axis : view->chart()->axes(Qt::Vertical))
        if (auto *category = qobject_cast<QBarCategoryAxis *>(axis))
            return category->categories();
    return {};
}

QValueAxis *valueAxis(QChartView *view)
{
    const auto axes = view->chart()->axes(Qt::Horizontal);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first());
}

} // namespace

class TestCampaignDashboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
        QVERIFY2(m_rig.start(), qPrintable(m_rig.errorString()));
    }

    void chartsAndRatesFromTheDocumentedAnswer()
    {
        CampaignDashboard dashboard(m_rig.context());
        dashboard.resize(1000, 600);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        dashboard.controller()->setStats(documentedStats());

        auto *funnel = dashboard.findChild<QChartView *>(QStringLiteral("dashboardFunnel"));
        auto *sends = dashboard.findChild<QChartView *>(QStringLiteral("dashboardSends"));
        QVERIFY(funnel && sends);
        QCOMPARE(funnel->accessibleName(), QStringLiteral("Contacts funnel"));
        QCOMPARE(bars(funnel),
                 strings({"Total=500", "Active=200", "Completed=150", "Replied=45", "Bounced=5"}));
        // The category axis counts from the bottom: Total stands at the top.
        QCOMPARE(categories(funnel), strings({"Bounced", "Replied", "Completed", "Active", "Total"}));
        QCOMPARE(bars(sends), strings({"Sent=750", "Replied=45", "Bounced=20", "Failed=10"}));
        QCOMPARE(sends->chart()->title(), QStringLiteral("Sends by status (800 in all)"));

        // Axes titled in full, 1/2/5 ticks with room for the longest bar's label.
        QValueAxis *contacts = valueAxis(funnel);
        QVERIFY(contacts);
        QCOMPARE(contacts->titleText(), QStringLiteral("Contacts"));
        QCOMPARE(contacts->max(), 600.0); // 500 × 1.2 in steps of 200
        QCOMPARE(valueAxis(sends)->titleText(), QStringLiteral("Sends"));
        QCOMPARE(valueAxis(sends)->max(), 1000.0); // 750 × 1.2 → 900 → steps of 200 up to 1000

        // A colour per bar (Okabe–Ito), and from the second on a pattern as well: no two alike.
        const auto series = qobject_cast<QAbstractBarSeries *>(funnel->chart()->series().value(0));
        QSet<QString> colours;
        for (QBarSet *set : series->barSets())
            colours.insert(set->borderColor().name());
        QCOMPARE(colours.size(), 5);
        QCOMPARE(series->barSets().at(0)->brush().style(), Qt::SolidPattern);
        for (int i = 1; i < 5; ++i)
            QCOMPARE(series->barSets().at(i)->brush().style(), Qt::TexturePattern);

        // Each bar's count written beside it.
        const auto labels = funnel->chart()->findChildren<BarValueLabels *>();
        QCOMPARE(labels.size(), 1);
        QStringList texts;
        for (const QGraphicsSimpleTextItem *item : labels.first()->items())
            if (!item->text().isEmpty())
                texts << item->text();
        QCOMPARE(texts, strings({"500", "200", "150", "45", "5"}));

        QCOMPARE(dashboard.findChild<QLabel *>(QStringLiteral("dashboardReplyRate"))->text(),
                 QStringLiteral("Reply rate: 9.0 % (45 of 500 contacts)"));
        QCOMPARE(dashboard.findChild<QLabel *>(QStringLiteral("dashboardBounceRate"))->text(),
                 QStringLiteral("Bounce rate: 1.0 % (5 of 500 contacts)"));
    }

    void ratesOfACampaignWithoutContacts()
    {
        CampaignDashboardController controller(nullptr);
        QCOMPARE(controller.replyRate().percent(), 0.0);
        QCOMPARE(controller.bounceRate().of, 0);
    }

    void readsTheStatsFromTheSandbox()
    {
        const QString id = Outreach2daySandbox::demoCampaignId();
        const int total = m_rig.sandbox().server()->outreach2day()->contactCount(id);
        QVERIFY(total > 0);
        CampaignDashboard dashboard(m_rig.context());
        dashboard.show();
        QSignalSpy updated(dashboard.controller(), &CampaignDashboardController::updated);
        dashboard.setCampaign(id);
        QVERIFY(QTest::qWaitFor([&] { return dashboard.controller()->hasStats(); }, 10000));
        auto *funnel = dashboard.findChild<QChartView *>(QStringLiteral("dashboardFunnel"));
        QCOMPARE(bars(funnel).value(0), QStringLiteral("Total=%1").arg(total));
        QCOMPARE(dashboard.findChild<QLabel *>(QStringLiteral("dashboardReplyRate"))->text(),
                 QStringLiteral("Reply rate: 0.0 % (0 of %1 contacts)").arg(total));
    }

    void aFailedReadIsSaidAndWhatWasShownStays()
    {
        CampaignDashboard dashboard(m_rig.context());
        dashboard.show();
        dashboard.setCampaign(QStringLiteral("cmp_nosuch"));
        auto *status = dashboard.findChild<QLabel *>(QStringLiteral("dashboardStatus"));
        QVERIFY(QTest::qWaitFor([&] { return !status->text().isEmpty(); }, 10000));
        QVERIFY2(status->text().startsWith(QStringLiteral("Could not read the stats: ")),
                 qPrintable(status->text()));
        QVERIFY(!dashboard.controller()->hasStats());
    }

private:
    EmailSectionRig m_rig;
};

QTEST_MAIN(TestCampaignDashboard)
#include "tst_campaigndashboard.moc"
