#include "TestMain.h"

#include "common/RecordTableView.h"
#include "table/RecordTableModel.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QTimer>
#include <QVBoxLayout>

// RecordTableView, the view every record table uses: one-line rows, whole-row selection, Tab
// leaves the table, the header sorts, columns hidden or moved by the operator are what the model
// exports, and the arrangement comes back in the next window.
class TestRecordTableView : public QObject
{
    Q_OBJECT

private:
    enum Col { Id, Name, City, Notes };

    static RecordSchema schema()
    {
        return RecordSchema(
                {
                        ColumnSpec::make(ColumnType::Integer, QStringLiteral("id"), QStringLiteral("ID")),
                        ColumnSpec::make(ColumnType::Text, QStringLiteral("name"), QStringLiteral("Name")),
                        ColumnSpec::make(ColumnType::Category, QStringLiteral("city"),
                                         QStringLiteral("City")),
                        ColumnSpec::make(ColumnType::Text, QStringLiteral("notes"), QStringLiteral("Notes"))
                                .hidden(),
                },
                QStringLiteral("id"));
    }

    static void fill(RecordTableModel &model)
    {
        RecordTable rows(schema());
        const QStringList names = {QStringLiteral("Carol"), QStringLiteral("alice"), QStringLiteral("Bob")};
        for (int i = 0; i < names.size(); ++i) {
            const int r = rows.appendRow();
            rows.setInteger(r, Id, i + 1);
            rows.setText(r, Name, names.at(i));
            rows.setText(r, City, QStringLiteral("Miami"));
            rows.setText(r, Notes, QStringLiteral("a long note that would wrap over several lines"));
        }
        model.mergeRows(std::move(rows));
    }

    // Opens the header's context menu and toggles the entry titled `title`.
    static void toggleColumnFromMenu(RecordTableView &view, const QString &title)
    {
        bool toggled = false;
        QTimer::singleShot(0, &view, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QVERIFY(menu);
            for (QAction *action : menu->actions()) {
                if (action->text() == title) {
                    action->trigger();
                    toggled = true;
                }
            }
            menu->close();
        });
        QHeaderView *header = view.horizontalHeader();
        Q_EMIT header->customContextMenuRequested(QPoint(5, 5));
        QVERIFY(toggled);
    }

private Q_SLOTS:
    void showsRecordsTheOperatorsWay()
    {
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        fill(model);
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        auto *view = new RecordTableView;
        auto *next = new QLineEdit;
        layout->addWidget(view);
        layout->addWidget(next);
        view->setRecordModel(&model, QStringLiteral("test/records"), Name, Qt::AscendingOrder);
        view->setSortingEnabled(true);
        window.resize(700, 400);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The schema's hidden column starts hidden, and exports leave it out.
        QVERIFY(view->horizontalHeader()->isSectionHidden(Notes));
        QCOMPARE(model.visibleColumns(), (QList<int>{Id, Name, City}));
        // One line per row, no row numbers; sorted by the indicator.
        QVERIFY(!view->verticalHeader()->isVisible());
        QVERIFY(view->rowHeight(0) < 2 * view->fontMetrics().height());
        QCOMPARE(model.index(0, Name).data().toString(), QStringLiteral("alice"));

        // A click on a header sorts by it (descending on the second click).
        QHeaderView *header = view->horizontalHeader();
        const QPoint idHeader(header->sectionViewportPosition(Id) + 5, header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, idHeader);
        QCOMPARE(model.sortColumn(), int(Id));
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, idHeader);
        QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
        QCOMPARE(model.index(0, Id).data(RecordTableModel::RawRole).toLongLong(), 3);

        // Clicking a cell selects the whole row; Tab moves on to the next control.
        view->setFocus();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(model.index(1, Name)).center());
        QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
        QVERIFY(view->selectionModel()->isRowSelected(1, {}));
        QTest::keyClick(view, Qt::Key_Tab);
        QVERIFY(next->hasFocus());

        // Columns: shown and hidden from the header's menu, moved by dragging; exports follow.
        toggleColumnFromMenu(*view, QStringLiteral("Notes"));
        QVERIFY(!header->isSectionHidden(Notes));
        toggleColumnFromMenu(*view, QStringLiteral("City"));
        QVERIFY(header->isSectionHidden(City));
        QCOMPARE(model.visibleColumns(), (QList<int>{Id, Name, Notes}));
        header->moveSection(header->visualIndex(Notes), 0);
        QCOMPARE(model.visibleColumns(), (QList<int>{Notes, Id, Name}));
    }

    void theArrangementComesBack()
    {
        // Runs after showsRecordsTheOperatorsWay, which left "test/records" arranged.
        RecordTableModel model(schema());
        fill(model);
        RecordTableView view;
        view.setRecordModel(&model, QStringLiteral("test/records"), Name, Qt::AscendingOrder);
        QCOMPARE(model.visibleColumns(), (QList<int>{Notes, Id, Name}));
        QCOMPARE(view.horizontalHeader()->sortIndicatorSection(), int(Id));
        QCOMPARE(view.horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);

        // Another table keeps its own arrangement.
        RecordTableModel otherModel(schema());
        RecordTableView other;
        other.setRecordModel(&otherModel, QStringLiteral("test/other"));
        QCOMPARE(otherModel.visibleColumns(), (QList<int>{Id, Name, City}));
    }

    void columnsFitTheirFirstRowsTheFirstTime_data()
    {
        QTest::addColumn<bool>("allAtOnce");
        QTest::newRow("streaming in (a load)") << false;
        QTest::newRow("all at once (setRows, a reset: the dry run)") << true;
    }

    void columnsFitTheirFirstRowsTheFirstTime()
    {
        // Rows arrive after the view is set up: the columns fit them once.
        QFETCH(bool, allAtOnce);
        const QString layoutKey = allAtOnce ? QStringLiteral("test/fitReset") : QStringLiteral("test/fit");
        RecordTableModel model(schema());
        model.setExecution(RecordTableModel::Execution::Synchronous);
        RecordTableView view;
        view.setRecordModel(&model, layoutKey);
        view.resize(900, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        RecordTable rows(schema());
        const int r = rows.appendRow();
        rows.setInteger(r, Id, 1);
        rows.setText(r, Name, QStringLiteral("Precision Bakery GmbH"));
        if (allAtOnce)
            model.setRows(std::move(rows));
        else
            model.mergeRows(std::move(rows));
        QHeaderView *header = view.horizontalHeader();
        const int nameWidth = view.fontMetrics().horizontalAdvance(QStringLiteral("Precision Bakery GmbH"));
        QVERIFY(nameWidth > header->defaultSectionSize());
        QTRY_VERIFY(header->sectionSize(Name) >= nameWidth);
        QVERIFY(header->sectionSize(Id) < nameWidth); // each column its own width

        // The operator's width wins from then on.
        header->resizeSection(Name, 60);
        RecordTableModel again(schema());
        fill(again);
        RecordTableView next;
        next.setRecordModel(&again, layoutKey);
        QCOMPARE(next.horizontalHeader()->sectionSize(Name), 60);
    }
};

CC_TEST_GUI_MAIN(TestRecordTableView)
#include "tst_recordtableview.moc"
