#include "KeyValueTable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

KeyValueTable::KeyValueTable(const QString &keyTitle, const QString &valueTitle, QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, 2, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table->setHorizontalHeaderLabels({keyTitle, valueTitle});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);
    m_table->setMinimumHeight(90);
    layout->addWidget(m_table);
    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add"), this);
    m_add->setObjectName(QStringLiteral("keyValueAdd"));
    m_add->setAccessibleName(tr("Add a row to %1").arg(keyTitle));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("keyValueRemove"));
    m_remove->setAccessibleName(tr("Remove the selected row of %1").arg(keyTitle));
    m_remove->setEnabled(false);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow();
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0) {
            m_table->removeRow(row);
            Q_EMIT changed();
        }
    });
    connect(m_table, &QTableWidget::currentCellChanged, this,
            [this](int row) { m_remove->setEnabled(row >= 0); });
    connect(m_table, &QTableWidget::itemChanged, this, &KeyValueTable::changed);
}

void KeyValueTable::addRow(const QString &key, const QString &value)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(key));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    Q_EMIT changed();
}

QJsonObject KeyValueTable::values() const
{
    QJsonObject values;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString key = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        if (!key.isEmpty())
            values.insert(key, m_table->item(row, 1) ? m_table->item(row, 1)->text() : QString());
    }
    return values;
}

void KeyValueTable::setValues(const QJsonObject &values)
{
    m_table->setRowCount(0);
    for (auto it = values.begin(); it != values.end(); ++it)
        addRow(it.key(), it.value().toString());
}

QString KeyValueTable::problem() const
{
    QSet<QString> seen;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString key = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        if (key.isEmpty())
            continue;
        if (seen.contains(key))
            return tr("“%1” is named twice.").arg(key);
        seen.insert(key);
    }
    return {};
}
