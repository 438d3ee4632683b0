#include "BenchTyping.h"

#include "BenchSupport.h"

#include "table/RecordTableModel.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdio>

namespace {

// Remembers when a widget last painted.
class PaintClock : public QObject
{
public:
    PaintClock(QWidget *widget, const QElapsedTimer &clock) : m_clock(clock)
    {
        widget->installEventFilter(this);
    }
    qint64 lastPaintNs() const { return m_lastPaintNs; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            m_lastPaintNs = m_clock.nsecsElapsed();
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer &m_clock;
    qint64 m_lastPaintNs = -1;
};

} // namespace

namespace Bench {

double KeystrokeFigures::worstMs() const
{
    return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end());
}

double KeystrokeFigures::medianMs() const
{
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted.empty() ? 0 : sorted[sorted.size() / 2];
}

KeystrokeFigures typeInSearchBox(QLineEdit *search, QAbstractItemView *view, const QElapsedTimer &clock,
                                 const std::function<qint64()> &appliedNs, const QList<int> &keys)
{
    KeystrokeFigures f;
    PaintClock painted(view->viewport(), clock);
    LatencyProbe probe;
    probe.start();
    for (const int key : keys) {
        const qint64 start = clock.nsecsElapsed();
        QTest::keyClick(search, Qt::Key(key));
        waitUntil(
                [&] {
                    const qint64 applied = appliedNs();
                    return applied >= start && painted.lastPaintNs() >= applied;
                },
                120'000);
        f.ms.push_back(double(clock.nsecsElapsed() - start) / 1e6);
        f.typed.append(search->text());
        std::fprintf(stderr, "  \"%s\": %.1f ms (applied after %.1f ms)\n", qPrintable(f.typed.last()),
                     f.ms.back(), double(appliedNs() - start) / 1e6);
    }
    probe.stop();
    f.maxGapMs = probe.maxGapMs();
    return f;
}

KeystrokeFigures typeInRecordTable(QLineEdit *search, QAbstractItemView *view, RecordTableModel *model,
                                   const QList<int> &keys)
{
    QElapsedTimer clock;
    clock.start();
    qint64 appliedNs = -1;
    const QMetaObject::Connection applied =
            QObject::connect(model, &RecordTableModel::filterApplied, model, [&](const RecordFilter &filter) {
                if (filter.text == search->text())
                    appliedNs = clock.nsecsElapsed();
            });
    search->setFocus();
    KeystrokeFigures f = typeInSearchBox(
            search, view, clock, [&] { return appliedNs; }, keys);
    QObject::disconnect(applied);
    return f;
}

KeystrokeFigures typeInNaiveTable(QSortFilterProxyModel *proxy, const QList<int> &keys)
{
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *search = new QLineEdit;
    auto *view = new QTableView;
    view->setModel(proxy);
    layout->addWidget(search);
    layout->addWidget(view);
    window.resize(1400, 900);
    window.show();
    waitUntil([&] { return window.isVisible(); }, 1000);
    QElapsedTimer clock;
    clock.start();
    qint64 appliedNs = -1;
    QObject::connect(search, &QLineEdit::textChanged, proxy, [&](const QString &text) {
        proxy->setFilterFixedString(text);
        appliedNs = clock.nsecsElapsed();
        // The proxy announces rows removed and inserted; where none of them is on screen the view
        // has nothing to paint, and the result counts from a paint as for the page.
        view->viewport()->update();
    });
    search->setFocus();
    return typeInSearchBox(
            search, view, clock, [&] { return appliedNs; }, keys);
}

} // namespace Bench
