#include "VariableMappingTable.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

VariableMappingTable::VariableMappingTable(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, 2, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table->setObjectName(QStringLiteral("variableMapping"));
    m_table->setAccessibleName(tr("Recipe variables and the fields that fill them"));
    m_table->setHorizontalHeaderLabels({tr("Verloop variable"), tr("Filled from")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);
    m_table->setMinimumHeight(110);
    layout->addWidget(m_table);

    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add &variable"), this);
    add->setObjectName(QStringLiteral("variableAdd"));
    m_remove = new QPushButton(tr("Remove variable"), this);
    m_remove->setObjectName(QStringLiteral("variableRemove"));
    m_remove->setEnabled(false);
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        addRow();
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0) {
            m_table->removeRow(m_table->currentRow());
            Q_EMIT changed();
        }
    });
    connect(m_table, &QTableWidget::currentCellChanged, this,
            [this](int row) { m_remove->setEnabled(row >= 0); });
    connect(m_table, &QTableWidget::itemChanged, this, &VariableMappingTable::changed);
}

void VariableMappingTable::setFields(const QList<ContactList::Field> &fields)
{
    const auto before = mapping();
    m_fields = fields;
    m_table->setRowCount(0);
    for (const auto &[variable, field] : before)
        addRow(variable, field);
}

void VariableMappingTable::addRow(const QString &variable, const QString &fieldKey)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(variable));
    auto *combo = new QComboBox(m_table);
    combo->setAccessibleName(tr("Field for this variable"));
    for (const ContactList::Field &field : std::as_const(m_fields))
        combo->addItem(field.title, field.key);
    const int index = combo->findData(fieldKey);
    if (index >= 0)
        combo->setCurrentIndex(index);
    connect(combo, &QComboBox::currentIndexChanged, this, &VariableMappingTable::changed);
    m_table->setCellWidget(row, 1, combo);
    Q_EMIT changed();
}

QList<QPair<QString, QString>> VariableMappingTable::mapping() const
{
    QList<QPair<QString, QString>> result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString variable = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        const auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, 1));
        if (!variable.isEmpty() && combo)
            result.append({variable, combo->currentData().toString()});
    }
    return result;
}

QString VariableMappingTable::problem() const
{
    QSet<QString> seen;
    for (const auto &[variable, field] : mapping()) {
        if (seen.contains(variable))
            return tr("The variable “%1” is listed twice.").arg(variable);
        seen.insert(variable);
    }
    return {};
}
