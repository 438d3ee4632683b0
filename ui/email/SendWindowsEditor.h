#pragma once

#include "outreach2day/Outreach2dayTypes.h"

#include <QList>
#include <QWidget>

class QPushButton;
class QTimeEdit;
class QVBoxLayout;

// The sending windows of a schedule: several "from – to" rows, each removable, and Add window.
class SendWindowsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit SendWindowsEditor(QWidget *parent = nullptr);

    QList<O2dSchedule::Window> windows() const;
    void setWindows(const QList<O2dSchedule::Window> &windows);
    // Adds a window after the last one (an hour after it ends, or 09:00–17:00 for the first).
    void addWindow();
    int count() const { return int(m_rows.size()); }

Q_SIGNALS:
    void windowsChanged();

private:
    struct Row
    {
        QWidget *widget;
        QTimeEdit *start;
        QTimeEdit *end;
    };
    void addRow(const QTime &start, const QTime &end);
    void removeRow(QWidget *row);
    void renumber();

    QVBoxLayout *m_rowsLayout;
    QList<Row> m_rows;
    QPushButton *m_add;
};
