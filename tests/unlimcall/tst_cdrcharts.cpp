#include "TestMain.h"

#include "calls/CdrChartsView.h"
#include "common/ChartStyle.h"
#include "stats/CdrStats.h"
#include "stats/ChartScale.h"
#include "store/CdrStore.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardItemModel>

#include <algorithm>
#include <cmath>
#include <vector>

Q_DECLARE_METATYPE(std::vector<int>)

// The Calls & costs charts as a person sees them: every chart is rendered offscreen at the size
// the page gives it in the default main window, on records shaped like the demo account's, and
// read back from the chart's own scene items: no axis label, title or legend entry is elided, no
// two value labels overlap, series differ by colour and by a second cue, in light and dark mode.
// Also the arithmetic behind the axes (nice ticks, label steps) and top-N with "Other".
class TestCdrCharts : public QObject
{
    Q_OBJECT
private:
    // The charts tab's size in the default 1100×720 main window: 190 px of navigation on the
    // left, the Calls page's header and tab bar above. (The page's header widens that window to
    // 1250 px today, which gives the charts 1073×488; the test holds them to the narrower size.)
    static constexpr QSize kDefaultChartsSize{900, 480};

    static const QStringList &countries()
    {
        // The demo account's destinations, long names included.
        static const QStringList names{
                QStringLiteral("United States"),  QStringLiteral("Canada"),
                QStringLiteral("United Kingdom"), QStringLiteral("Germany"),
                QStringLiteral("France"),         QStringLiteral("Spain"),
                QStringLiteral("Italy"),          QStringLiteral("Netherlands"),
                QStringLiteral("Australia"),      QStringLiteral("Mexico"),
                QStringLiteral("Brazil"),         QStringLiteral("India"),
                QStringLiteral("Poland"),         QStringLiteral("Sweden"),
                QStringLiteral("Ireland"),        QStringLiteral("Japan"),
                QStringLiteral("South Africa"),   QStringLiteral("Israel"),
                QStringLiteral("Philippines"),    QStringLiteral("United Arab Emirates"),
                QStringLiteral("Singapore"),      QStringLiteral("Switzerland")};
        return names;
    }

    static UnlimCall::Cdr call(int id, qint64 startMs, const QString &country, const QString &line,
                               const QString &disposition, qint64 cents, const QString &currency)
    {
        UnlimCall::Cdr c;
        c.id = QString::number(id);
        c.startMs = startMs;
        c.disposition = disposition;
        c.billsec = disposition == QLatin1String("ANSWERED") ? 60 : 0;
        c.duration = c.billsec + 10;
        c.src = QStringLiteral("+14155550100");
        c.dst = QStringLiteral("+493012345678");
        c.sipUsername = line;
        c.sellPriceCents = cents;
        c.currency = currency;
        c.country = country;
        return c;
    }

    static qint64 windowStart() { return QDate(2026, 9, 1).startOfDay().toMSecsSinceEpoch(); }
    static qint64 windowEnd() { return QDate(2026, 11, 30).startOfDay().toMSecsSinceEpoch(); }

    // 90 days of calls like the demo account's: 22 countries of uneven weight, 12 lines in two
    // currencies, five results, every hour of the day.
    static CdrStats::Charts demoCharts()
    {
        static const QString results[] = {QStringLiteral("ANSWERED"), QStringLiteral("NO ANSWER"),
                                          QStringLiteral("BUSY"), QStringLiteral("FAILED"),
                                          QStringLiteral("CONGESTION")};
        QList<UnlimCall::Cdr> calls;
        const qint64 span = windowEnd() - windowStart();
        const int count = 30'000;
        for (int i = 0; i < count; ++i) {
            const int country = (i * i + i / 7) % int(countries().size());
            const int line = (i * 7) % 12;
            const int result = i % 9 < 5 ? 0 : i % 9 - 4; // most calls answered
            calls.append(call(i, windowStart() + span * i / count + (i % 24) * 3'600'000LL / 24,
                              countries().at(country),
                              QStringLiteral("unl_%1").arg(line + 1, 3, 10, QLatin1Char('0')),
                              results[qMin(result, 4)], 3 + (i % 50) * (country + 1),
                              line % 3 == 0 ? QStringLiteral("EUR") : QStringLiteral("USD")));
        }
        const RecordTable table = CdrStore::cdrRows(calls);
        std::vector<int> rows(size_t(table.rowCount()));
        for (int r = 0; r < table.rowCount(); ++r)
            rows[size_t(r)] = r;
        return CdrStats::charts(table, rows, windowStart(), windowEnd());
    }

    // The demo account's SIP lines by label, as the SIP lines tab lists them.
    static const QStringList &lineLabels()
    {
        static const QStringList labels{
                QStringLiteral("SDR seat — Berlin"),     QStringLiteral("SDR seat — London"),
                QStringLiteral("AE seat — New York"),    QStringLiteral("AI agent — Qualifier"),
                QStringLiteral("AI agent — Reminders"),  QStringLiteral("SDR seat — Austin"),
                QStringLiteral("SDR seat — Madrid"),     QStringLiteral("AI agent — Renewals"),
                QStringLiteral("Support line — Dublin"), QStringLiteral("SDR seat — Sydney"),
                QStringLiteral("AI agent — Win-back"),   QStringLiteral("AE seat — Toronto")};
        return labels;
    }

    static QPalette darkPalette()
    {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
        return dark;
    }

    struct Text
    {
        QString text;
        QRectF rect; // in scene coordinates
    };

    // Every visible piece of text in the chart's scene.
    static QList<Text> texts(QChartView *view)
    {
        QList<Text> result;
        for (QGraphicsItem *item : view->scene()->items()) {
            if (!item->isVisible())
                continue;
            QString text;
            if (auto *rich = dynamic_cast<QGraphicsTextItem *>(item))
                text = rich->toPlainText();
            else if (auto *simple = dynamic_cast<QGraphicsSimpleTextItem *>(item))
                text = simple->text();
            if (!text.trimmed().isEmpty())
                result.append({text, item->sceneBoundingRect()});
        }
        return result;
    }

    // Text drawn inside the plot area: the bars' value labels.
    static QList<Text> valueLabels(QChartView *view)
    {
        const QRectF plot = view->chart()->mapToScene(view->chart()->plotArea()).boundingRect();
        QList<Text> result;
        for (const Text &t : texts(view)) {
            if (plot.contains(t.rect.center()))
                result.append(t);
        }
        return result;
    }

    struct Series
    {
        QString name;
        QColor color;
        QString cue; // what tells it apart without colour
    };

    static QList<Series> series(QChart *chart)
    {
        QList<Series> result;
        for (QAbstractSeries *s : chart->series()) {
            if (auto *line = qobject_cast<QLineSeries *>(s)) {
                result.append({line->name(), line->pen().color(), QString::number(int(line->pen().style()))});
            } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(s)) {
                for (QBarSet *set : bars->barSets()) {
                    const QBrush brush = set->brush();
                    QString cue = QString::number(int(brush.style()));
                    if (brush.style() == Qt::TexturePattern) {
                        const QImage tile = brush.textureImage();
                        cue += QString::number(qHashBits(tile.constBits(), size_t(tile.sizeInBytes())));
                    }
                    // A solid fill's colour is its border's; a pattern's tile carries its own.
                    result.append({set->label(), set->borderColor(), cue});
                }
            }
        }
        return result;
    }

private Q_SLOTS:
    void niceTicks_data()
    {
        QTest::addColumn<double>("maxValue");
        QTest::addColumn<int>("maxIntervals");
        QTest::addColumn<double>("max");
        QTest::addColumn<double>("step");
        QTest::addColumn<int>("decimals");
        // Today's uneven 762, 1524, 2286 (a maximum of 3048 in four intervals) becomes 1,000s.
        QTest::newRow("3048 in 4") << 3048.0 << 4 << 4000.0 << 1000.0 << 0;
        QTest::newRow("2286 in 5") << 2286.0 << 5 << 2500.0 << 500.0 << 0;
        QTest::newRow("percent") << 100.0 << 5 << 100.0 << 20.0 << 0;
        QTest::newRow("exactly a step") << 1000.0 << 5 << 1000.0 << 200.0 << 0;
        QTest::newRow("just above: six steps of 200 are too many") << 1000.5 << 5 << 1500.0 << 500.0 << 0;
        QTest::newRow("small") << 7.0 << 5 << 8.0 << 2.0 << 0;
        QTest::newRow("below one") << 0.37 << 5 << 0.4 << 0.1 << 1;
        QTest::newRow("cents") << 0.033 << 4 << 0.04 << 0.01 << 2;
        QTest::newRow("million") << 1'000'001.0 << 5 << 1'500'000.0 << 500'000.0 << 0;
        QTest::newRow("empty") << 0.0 << 5 << 1.0 << 1.0 << 0;
        QTest::newRow("one interval") << 3.0 << 1 << 5.0 << 5.0 << 0;
    }

    void niceTicks()
    {
        QFETCH(double, maxValue);
        QFETCH(int, maxIntervals);
        QFETCH(double, max);
        QFETCH(double, step);
        QFETCH(int, decimals);
        const ChartScale::Ticks ticks = ChartScale::niceTicks(maxValue, maxIntervals);
        QVERIFY2(std::abs(ticks.max - max) < 1e-9 * qMax(1.0, max), qPrintable(QString::number(ticks.max)));
        QVERIFY2(std::abs(ticks.step - step) < 1e-9 * qMax(1.0, step),
                 qPrintable(QString::number(ticks.step)));
        QCOMPARE(ticks.decimals(), decimals);
        QVERIFY(ticks.intervals() <= maxIntervals);
        QVERIFY(ticks.max >= maxValue);
        // The step's mantissa is 1, 2 or 5.
        const double mantissa = ticks.step / std::pow(10.0, std::floor(std::log10(ticks.step) + 1e-9));
        QVERIFY2(std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6 ||
                         std::abs(mantissa - 5) < 1e-6,
                 qPrintable(QString::number(mantissa)));
    }

    void labelStep_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("maxLabels");
        QTest::addColumn<std::vector<int>>("steps");
        QTest::addColumn<int>("step");
        const std::vector<int> days{1, 2, 7, 14, 28};
        const std::vector<int> hours{1, 2, 3, 6};
        QTest::newRow("a week fits") << 7 << 10 << days << 1;
        QTest::newRow("90 days, 13 labels: weekly") << 90 << 13 << days << 7;
        QTest::newRow("90 days, 12 labels: fortnightly") << 90 << 12 << days << 14;
        QTest::newRow("400 days: multiples of 28") << 400 << 5 << days << 84;
        QTest::newRow("every hour") << 24 << 24 << hours << 1;
        QTest::newRow("every third hour") << 24 << 10 << hours << 3;
        QTest::newRow("no room") << 24 << 0 << hours << 24;
    }

    void labelStep()
    {
        QFETCH(int, count);
        QFETCH(int, maxLabels);
        QFETCH(std::vector<int>, steps);
        QFETCH(int, step);
        QCOMPARE(ChartScale::labelStep(count, maxLabels, steps), step);
    }

    void topCategoriesWithOther()
    {
        // Ten countries costing 10, 20, … 100 USD, plus one EUR call in the cheapest.
        QList<UnlimCall::Cdr> calls;
        const qint64 t = windowStart() + 3'600'000;
        for (int c = 0; c < 10; ++c)
            calls.append(call(c, t + c * 60'000, countries().at(c), QStringLiteral("unl_%1").arg(c),
                              QStringLiteral("ANSWERED"), (c + 1) * 1000, QStringLiteral("USD")));
        calls.append(call(99, t, countries().at(0), QStringLiteral("unl_0"), QStringLiteral("ANSWERED"), 5,
                          QStringLiteral("EUR")));
        const RecordTable table = CdrStore::cdrRows(calls);
        std::vector<int> rows(size_t(table.rowCount()));
        for (int r = 0; r < table.rowCount(); ++r)
            rows[size_t(r)] = r;

        const CdrStats::Charts charts = CdrStats::charts(table, rows, windowStart(), windowEnd(), 4, 3);
        const CdrStats::MoneyByCategory &byCountry = charts.costByCountry;
        // The three costliest, then everything else in one bar.
        QCOMPARE(byCountry.categories,
                 (QStringList{countries().at(9), countries().at(8), countries().at(7),
                              CdrStats::otherCategory()}));
        QCOMPARE(byCountry.currencies, (QStringList{QStringLiteral("EUR"), QStringLiteral("USD")}));
        QCOMPARE(byCountry.cents.value(QStringLiteral("USD")), (QVector<qint64>{10000, 9000, 8000, 28000}));
        QCOMPARE(byCountry.cents.value(QStringLiteral("EUR")), (QVector<qint64>{0, 0, 0, 5}));
        // Lines too.
        QCOMPARE(charts.costBySipLine.categories,
                 (QStringList{QStringLiteral("unl_9"), QStringLiteral("unl_8"), CdrStats::otherCategory()}));
        QCOMPARE(charts.costBySipLine.cents.value(QStringLiteral("USD")),
                 (QVector<qint64>{10000, 9000, 36000}));

        // As many categories as bars: no "Other".
        const CdrStats::Charts exact = CdrStats::charts(table, rows, windowStart(), windowEnd(), 10, 10);
        QCOMPARE(exact.costByCountry.categories.size(), 10);
        QVERIFY(!exact.costByCountry.categories.contains(CdrStats::otherCategory()));
        QCOMPARE(exact.costByCountry.categories.first(), countries().at(9));
    }

    void windowsOverAYearNameTheYear()
    {
        CdrStats::Charts data;
        for (int d = 0; d < 400; ++d)
            data.days.append(QDate(2025, 1, 1).addDays(d));
        data.answerRatePerDay.fill(0.5, int(data.days.size()));
        CdrChartsView view;
        view.resize(kDefaultChartsSize);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy updated(&view, &CdrChartsView::updated);
        view.setData(data);
        QVERIFY(updated.wait(30'000));
        auto *days = qobject_cast<QCategoryAxis *>(
                view.view(CdrChartsView::AnswerRate)->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(days);
        const QStringList labels = days->categoriesLabels();
        QVERIFY(labels.size() >= 4);
        QCOMPARE(labels.first(), QLocale().toString(QDate(2025, 1, 1), QStringLiteral("d MMM yy")));
        QVERIFY2(labels.last().endsWith(QLatin1String("26")), qPrintable(labels.last()));
    }

    void everyChartIsReadable_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("columns");
        QTest::newRow("light") << false << kDefaultChartsSize << 1;
        QTest::newRow("dark") << true << kDefaultChartsSize << 1;
        QTest::newRow("wide") << false << QSize(1250, 700) << 2;
    }

    void everyChartIsReadable()
    {
        QFETCH(bool, dark);
        QFETCH(QSize, size);
        QFETCH(int, columns);
        CdrChartsView view;
        if (dark)
            view.setPalette(darkPalette());
        view.resize(size);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QStandardItemModel lines(0, 2);
        for (int l = 0; l < lineLabels().size(); ++l)
            lines.appendRow({new QStandardItem(QStringLiteral("unl_%1").arg(l + 1, 3, 10, QLatin1Char('0'))),
                             new QStandardItem(lineLabels().at(l))});
        view.setLineNames(&lines, 0, 1);
        QSignalSpy updated(&view, &CdrChartsView::updated);
        view.setData(demoCharts());
        QVERIFY(updated.wait(30'000));
        QCoreApplication::processEvents(); // the last chart's layout

        // One column, or two side by side when both get enough width.
        const QPoint first = view.view(CdrChartsView::SpendPerDay)->mapTo(&view, QPoint());
        const QPoint second = view.view(CdrChartsView::CallsPerDay)->mapTo(&view, QPoint());
        QCOMPARE(second.y() == first.y() ? 2 : 1, columns);

        const QColor text = view.palette().color(QPalette::WindowText);
        for (int c = 0; c < CdrChartsView::ChartCount; ++c) {
            const auto which = CdrChartsView::Chart(c);
            QChartView *chartView = view.view(which);
            QChart *chart = chartView->chart();
            const QString name = view.title(which);
            QVERIFY2(chartView->width() >= 320 && chartView->height() >= 220, qPrintable(name));

            // No text is cut short: axis labels, axis titles, the title and the legend.
            const QList<Text> all = texts(chartView);
            QVERIFY2(all.size() > 8, qPrintable(name));
            for (const Text &t : all) {
                QVERIFY2(!t.text.contains(QLatin1String("...")) && !t.text.contains(QChar(0x2026)),
                         qPrintable(QStringLiteral("%1: “%2” is elided").arg(name, t.text)));
            }

            // Nor cut by the chart's edge.
            const QRectF scene = chartView->sceneRect();
            for (const Text &t : all) {
                QVERIFY2(scene.contains(t.rect),
                         qPrintable(QStringLiteral("%1: “%2” is cut by the edge").arg(name, t.text)));
            }

            // Value labels never overlap one another.
            const QList<Text> values = valueLabels(chartView);
            for (int i = 0; i < values.size(); ++i) {
                for (int j = i + 1; j < values.size(); ++j) {
                    const QRectF overlap = values[i].rect.intersected(values[j].rect);
                    QVERIFY2(overlap.width() < 1 || overlap.height() < 1,
                             qPrintable(QStringLiteral("%1: “%2” overlaps “%3”")
                                                .arg(name, values[i].text, values[j].text)));
                }
            }

            // Series: a colour that stands out from the background, distinct from each other
            // and from the text, and a second cue (line style, fill pattern) beside it.
            const QColor background = chart->backgroundBrush().color();
            QCOMPARE(background.lightness() < 128, dark);
            const QList<Series> allSeries = series(chart);
            QVERIFY2(!allSeries.isEmpty(), qPrintable(name));
            for (int i = 0; i < allSeries.size(); ++i) {
                const Series &s = allSeries[i];
                QVERIFY2(ChartStyle::contrast(s.color, background) >= 3.0,
                         qPrintable(QStringLiteral("%1: %2 %3 on %4")
                                            .arg(name, s.name, s.color.name(), background.name())));
                QVERIFY2(s.color != text,
                         qPrintable(QStringLiteral("%1: %2 is drawn in the text colour").arg(name, s.name)));
                for (int j = i + 1; j < allSeries.size(); ++j) {
                    QVERIFY2(s.color != allSeries[j].color && s.cue != allSeries[j].cue,
                             qPrintable(QStringLiteral("%1: %2 and %3 look alike")
                                                .arg(name, s.name, allSeries[j].name)));
                }
            }
        }

        // Money bars say their amounts where they fit: here, at least the costliest ones.
        for (const auto which : {CdrChartsView::CostByCountry, CdrChartsView::CostBySipLine}) {
            const QList<Text> values = valueLabels(view.view(which));
            QVERIFY2(values.size() >= 4, qPrintable(view.title(which)));
            for (const Text &t : values)
                QVERIFY2(t.text.endsWith(QLatin1String(" USD")) || t.text.endsWith(QLatin1String(" EUR")),
                         qPrintable(t.text));
        }
        // Country and line names in full, with "Other" for the rest.
        const QList<Text> countryTexts = texts(view.view(CdrChartsView::CostByCountry));
        const auto shows = [&countryTexts](const QString &label) {
            return std::any_of(countryTexts.cbegin(), countryTexts.cend(),
                               [&label](const Text &t) { return t.text == label; });
        };
        QVERIFY(shows(CdrStats::otherCategory()));
        for (const QString &country : view.data().costByCountry.categories)
            QVERIFY2(shows(country), qPrintable(country));
        const QList<Text> lineTexts = texts(view.view(CdrChartsView::CostBySipLine));
        for (const QString &line : view.data().costBySipLine.categories) {
            const int l = line.mid(4).toInt() - 1; // "unl_004" → 3
            const QString name = line == CdrStats::otherCategory()
                    ? line
                    : QStringLiteral("%1 (%2)").arg(lineLabels().value(l), line);
            QVERIFY2(std::any_of(lineTexts.cbegin(), lineTexts.cend(),
                                 [&name](const Text &t) { return t.text == name; }),
                     qPrintable(name));
        }
    }
};

CC_TEST_GUI_MAIN(TestCdrCharts)
#include "tst_cdrcharts.moc"
