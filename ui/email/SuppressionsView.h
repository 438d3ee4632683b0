#pragma once

#include "EditorSection.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class RecordTableModel;
class RecordTableView;
class SuppressionsController;

// Outreach2day's suppression list and the console's do-not-contact list side by side in one
// table (the one table machinery), each address with its source and where it is listed: add an
// address (both sides), remove it here, at Outreach2day or both, and ask Outreach2day about any
// address. State lives in SuppressionsController; this view holds widgets.
class SuppressionsView : public QWidget
{
    Q_OBJECT
public:
    explicit SuppressionsView(const EmailContext &context, QWidget *parent = nullptr);

    SuppressionsController *controller() const { return m_controller; }
    RecordTableModel *model() const { return m_model; }
    QString selectedEmail() const;

public Q_SLOTS:
    void refresh();

private:
    void reload();
    void updateButtons();

    SuppressionsController *m_controller;
    RecordTableModel *m_model;
    RecordTableView *m_table;
    QLineEdit *m_email;
    QLineEdit *m_reason;
    QPushButton *m_add;
    QPushButton *m_status;
    QPushButton *m_removeHere;
    QPushButton *m_removeThere;
    QPushButton *m_removeBoth;
    QPushButton *m_refresh;
    QLabel *m_answer;
    QLabel *m_message;
};
