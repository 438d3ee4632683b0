#include "SendWindowsEditor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimeEdit>
#include <QVBoxLayout>

SendWindowsEditor::SendWindowsEditor(QWidget *parent)
    : QWidget(parent), m_rowsLayout(new QVBoxLayout), m_add(new QPushButton(tr("Add &window"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    m_add->setObjectName(QStringLiteral("emailAddWindow"));
    m_add->setToolTip(tr("Another sending window on the same days, e.g. after lunch"));
    auto *addRowLayout = new QHBoxLayout;
    addRowLayout->addWidget(m_add);
    addRowLayout->addStretch();
    layout->addLayout(addRowLayout);
    connect(m_add, &QPushButton::clicked, this, &SendWindowsEditor::addWindow);
}

QList<O2dSchedule::Window> SendWindowsEditor::windows() const
{
    QList<O2dSchedule::Window> windows;
    for (const Row &row : m_rows)
        windows.append({row.start->time(), row.end->time()});
    return windows;
}

void SendWindowsEditor::setWindows(const QList<O2dSchedule::Window> &windows)
{
    const QSignalBlocker blocker(this);
    while (!m_rows.isEmpty())
        removeRow(m_rows.constLast().widget);
    for (const O2dSchedule::Window &window : windows)
        addRow(window.start, window.end);
}

void SendWindowsEditor::addWindow()
{
    if (m_rows.isEmpty()) {
        addRow(QTime(9, 0), QTime(17, 0));
    } else {
        const QTime lastEnd = m_rows.constLast().end->time();
        const QTime start = lastEnd.addSecs(3600) < lastEnd ? QTime(22, 0) : lastEnd.addSecs(3600);
        const QTime end = start.addSecs(3 * 3600) < start ? QTime(23, 59) : start.addSecs(3 * 3600);
        addRow(start, end);
    }
    m_rows.constLast().start->setFocus();
    Q_EMIT windowsChanged();
}

void SendWindowsEditor::addRow(const QTime &start, const QTime &end)
{
    auto *widget = new QWidget(this);
    auto *layout = new QHBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *from = new QTimeEdit(start, widget);
    from->setDisplayFormat(QStringLiteral("HH:mm"));
    auto *to = new QTimeEdit(end, widget);
    to->setDisplayFormat(QStringLiteral("HH:mm"));
    auto *remove = new QPushButton(tr("Remove"), widget);
    layout->addWidget(from);
    layout->addWidget(new QLabel(tr("to"), widget));
    layout->addWidget(to);
    layout->addWidget(remove);
    layout->addStretch();
    m_rowsLayout->addWidget(widget);
    m_rows.append({widget, from, to});
    renumber();
    connect(from, &QTimeEdit::timeChanged, this, &SendWindowsEditor::windowsChanged);
    connect(to, &QTimeEdit::timeChanged, this, &SendWindowsEditor::windowsChanged);
    connect(remove, &QPushButton::clicked, this, [this, widget] {
        removeRow(widget);
        Q_EMIT windowsChanged();
    });
}

void SendWindowsEditor::removeRow(QWidget *row)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).widget == row) {
            m_rows.removeAt(i);
            // Out of the tree at once (findChild, the layout), deleted once its button's click returns.
            row->hide();
            row->setParent(nullptr);
            row->deleteLater();
            break;
        }
    }
    renumber();
}

void SendWindowsEditor::renumber()
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        row.widget->setObjectName(QStringLiteral("emailWindow%1").arg(i + 1));
        row.start->setObjectName(QStringLiteral("emailWindowStart%1").arg(i + 1));
        row.end->setObjectName(QStringLiteral("emailWindowEnd%1").arg(i + 1));
        row.start->setAccessibleName(tr("Window %1 starts").arg(i + 1));
        row.end->setAccessibleName(tr("Window %1 ends").arg(i + 1));
    }
}
