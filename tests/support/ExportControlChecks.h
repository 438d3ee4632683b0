#pragma once

#include "common/ExportControl.h"
#include "export/ExportJob.h"
#include "table/RecordTableModel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

// Drives a page's export control like an operator, with the keyboard, and checks what the control
// promises on every page: Ctrl+E asks for a file once and shows progress and Cancel; a second
// Ctrl+E (or a click on Export) while it runs neither asks again nor starts a second export;
// Cancel leaves the target exactly as it was (no partial file, no temporary file); a completed
// export reports every row and hides its progress.
//
// `focus` is a widget inside the page (the shortcut works wherever the focus is on the page);
// `shown` the table the control exports. No event loop runs between Ctrl+E and the click on
// Cancel, so the export cannot have replaced its target yet however small the table (CsvExporter
// commits only after the GUI thread has handled what was queued before). Check
// QTest::currentTestFailed() afterwards.
inline void checkExportControl(QWidget *focus, ExportControl *control, const RecordTableModel *shown)
{
    QTemporaryDir out;
    QVERIFY(out.isValid());
    const QString target = out.filePath(QStringLiteral("export.csv"));
    const QByteArray previous("an earlier export\r\n");
    {
        QFile file(target);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(previous), previous.size());
    }
    int asked = 0;
    control->setPathChooser([&asked, target](const QString &, CsvProfile) {
        ++asked;
        return target;
    });
    ExportJob *job = control->job();
    QSignalSpy finished(job, &ExportJob::finished);
    QSignalSpy progress(job, &ExportJob::progress);
    focus->window()->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(focus->window()));
    focus->setFocus();
    QVERIFY(focus->hasFocus());

    // Ctrl+E: one question, one export, progress and Cancel shown, Export off.
    QVERIFY(!control->progressBar()->isVisible());
    qint64 expectedRows = shown->rowCount(); // no event loop runs from here to the click on Cancel
    QVERIFY(expectedRows > 0);
    QTest::keyClick(focus, Qt::Key_E, Qt::ControlModifier);
    QCOMPARE(asked, 1);
    QVERIFY(job->isBusy());
    QVERIFY(control->progressBar()->isVisible());
    QVERIFY(control->cancelButton()->isVisible());
    QVERIFY(!control->exportAction()->isEnabled());
    QVERIFY(!control->exportButton()->isEnabled());
    QCOMPARE(progress.count(), 1);
    QCOMPARE(progress.first().at(0).toLongLong(), 0);
    QCOMPARE(progress.first().at(1).toLongLong(), expectedRows);

    // A second Ctrl+E and a click on Export while it runs: nothing asked, nothing started.
    QTest::keyClick(focus, Qt::Key_E, Qt::ControlModifier);
    QTest::mouseClick(control->exportButton(), Qt::LeftButton);
    QCOMPARE(asked, 1);

    // Cancel: the earlier file is untouched and nothing else is left in the folder.
    QTest::mouseClick(control->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(120'000));
    QCOMPARE(finished.count(), 1);
    const auto cancelled = finished.first().first().value<CsvExportResult>();
    QCOMPARE(cancelled.status.code, StoreStatus::Code::Cancelled);
    {
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), previous);
    }
    QCOMPARE(QDir(out.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("export.csv")});
    QVERIFY(!job->isBusy());
    QVERIFY(!control->progressBar()->isVisible());
    QVERIFY(!control->cancelButton()->isVisible());
    QVERIFY(control->exportAction()->isEnabled());

    // To the end, with a second Ctrl+E on the way: one export, every row, progress to the last.
    finished.clear();
    progress.clear();
    expectedRows = shown->rowCount();
    QTest::keyClick(focus, Qt::Key_E, Qt::ControlModifier);
    QVERIFY(job->isBusy());
    QTest::keyClick(focus, Qt::Key_E, Qt::ControlModifier);
    QCOMPARE(asked, 2);
    QVERIFY(finished.wait(120'000));
    QCOMPARE(finished.count(), 1);
    const auto written = finished.first().first().value<CsvExportResult>();
    QVERIFY2(written.status.ok(), qPrintable(written.status.message));
    QCOMPARE(written.rows, expectedRows);
    int starts = 0;
    for (const QList<QVariant> &step : std::as_const(progress))
        starts += step.at(0).toLongLong() == 0 ? 1 : 0;
    QCOMPARE(starts, 1);
    QCOMPARE(progress.last().at(0).toLongLong(), expectedRows);
    QCOMPARE(progress.last().at(1).toLongLong(), expectedRows);
    QVERIFY(!control->progressBar()->isVisible());
    QVERIFY(control->exportAction()->isEnabled());
    QCOMPARE(QDir(out.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("export.csv")});
}
