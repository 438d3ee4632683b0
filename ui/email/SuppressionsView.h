#pragma once

#include "EditorSection.h"
#include "core/ApiError.h"

#include <QWidget>

class ExportControl;
class QLabel;
class QLineEdit;
class QPushButton;
class RecordTableModel;
class RecordTableView;
class SuppressionSync;

// Outreach2day's suppression list and the console's do-not-contact list side by side in one
// table (the one table machinery, exported with Ctrl+E), each address with its source and where
// it is listed: add an address (both sides), remove it here, at Outreach2day or both, and ask
// Outreach2day about any address. SuppressionSync does the work (the page's one, from the
// context); this view holds widgets and says in words how each operation ended.
class SuppressionsView : public QWidget
{
    Q_OBJECT
public:
    explicit SuppressionsView(const EmailContext &context, QWidget *parent = nullptr);

    SuppressionSync *sync() const { return m_sync; }
    RecordTableModel *model() const { return m_model; }
    ExportControl *exportControl() const { return m_export; }
    QString selectedEmail() const;

public Q_SLOTS:
    void refresh();

private:
    void reload();
    void updateButtons();
    void setWorking(const QString &what); // empty: done
    void showOutcome(const ApiError &error, const QString &done);

    SuppressionSync *m_sync;
    EmailActivityStore *m_store;
    bool m_working = false;
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
    ExportControl *m_export;
    QLabel *m_answer;
    QLabel *m_message;
};
