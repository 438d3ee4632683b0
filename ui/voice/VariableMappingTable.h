#pragma once

#include "controllers/ContactList.h"

#include <QList>
#include <QPair>
#include <QWidget>

class QPushButton;
class QTableWidget;

// Which field of each contact fills which Verloop recipe variable ("customer_name" <- Business):
// one row per variable, the variable's name typed, the field chosen from the contacts' fields.
class VariableMappingTable : public QWidget
{
    Q_OBJECT
public:
    explicit VariableMappingTable(QWidget *parent = nullptr);

    void setFields(const QList<ContactList::Field> &fields);
    // variable name -> field key, rows without a name left out.
    QList<QPair<QString, QString>> mapping() const;
    void addRow(const QString &variable = {}, const QString &fieldKey = {});
    // A sentence when a variable is named twice, else empty.
    QString problem() const;
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void changed();

private:
    QList<ContactList::Field> m_fields;
    QTableWidget *m_table;
    QPushButton *m_remove;
};
