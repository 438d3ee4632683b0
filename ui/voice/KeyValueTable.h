#pragma once

#include <QJsonObject>
#include <QWidget>

class QTableWidget;
class QPushButton;

// An editable list of name -> text pairs (Verloop recipe variables, the callback's State), with
// Add and Remove. Rows without a name are left out of values().
class KeyValueTable : public QWidget
{
    Q_OBJECT
public:
    KeyValueTable(const QString &keyTitle, const QString &valueTitle, QWidget *parent = nullptr);

    QJsonObject values() const;
    void setValues(const QJsonObject &values);
    void addRow(const QString &key = {}, const QString &value = {});
    // A sentence when two rows have the same name, else empty.
    QString problem() const;
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void changed();

private:
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
};
