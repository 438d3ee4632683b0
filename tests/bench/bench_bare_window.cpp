// The naive baseline of bench_startup: the least a Qt window with a table and a chart costs to
// show. A QMainWindow holding a QTableView (a small QStandardItemModel) and a QChartView (one bar
// series), the console's default size. With CC_REPORT_STARTUP set it reports its first frame the
// same way the console does (StartupReport) and quits.
#include "FirstExpose.h"
#include "StartupReport.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QMainWindow>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QValueAxis>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);

    auto *model = new QStandardItemModel(20, 5, &app);
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column)
            model->setItem(row, column, new QStandardItem(QStringLiteral("%1:%2").arg(row).arg(column)));
    }
    auto *table = new QTableView;
    table->setModel(model);

    auto *set = new QBarSet(QStringLiteral("Calls"));
    *set << 12 << 30 << 18 << 25 << 9;
    auto *series = new QBarSeries;
    series->append(set);
    auto *chart = new QChart;
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append({QStringLiteral("Mon"), QStringLiteral("Tue"), QStringLiteral("Wed"),
                        QStringLiteral("Thu"), QStringLiteral("Fri")});
    chart->addAxis(categories, Qt::AlignBottom);
    series->attachAxis(categories);
    auto *values = new QValueAxis;
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(table);
    splitter->addWidget(new QChartView(chart));

    QMainWindow window;
    window.setCentralWidget(splitter);
    window.resize(1100, 720);
    StartupReport::watch(&window);
    // Nothing is deferred here: the first frame is the whole start-up.
    FirstExpose::watch(&window, &window, [] { StartupReport::ready(); });
    window.show();
    return app.exec();
}
