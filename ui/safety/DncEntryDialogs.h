#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

// Adds one entry to the do-not-contact list: a number in any form, an address or @domain, checked
// as it is typed (OK is off while it cannot be listed), and an optional reason.
class AddDncEntryDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AddDncEntryDialog(QWidget *parent = nullptr);
    QString entry() const;
    QString reason() const;
    QLineEdit *entryEdit() const { return m_entry; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QLabel *problemLabel() const { return m_problem; }
    QPushButton *okButton() const { return m_ok; }

private:
    void validate();

    QLineEdit *m_entry;
    QLineEdit *m_reason;
    QLabel *m_problem;
    QPushButton *m_ok;
};

// Removes one entry: says which, and asks why (required; kept in the audit log with who removed it).
class RemoveDncEntryDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RemoveDncEntryDialog(const QString &entry, QWidget *parent = nullptr);
    QString reason() const;
    QLineEdit *reasonEdit() const { return m_reason; }
    QPushButton *removeButton() const { return m_remove; }

private:
    QLineEdit *m_reason;
    QPushButton *m_remove;
};
