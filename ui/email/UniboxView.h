#pragma once

#include "EditorSection.h"

#include <QWidget>

class ExportControl;
class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;
class RecordTableModel;
class RecordTableView;
class UniboxController;

// The Unibox: reply threads across every campaign, grouped by intent (a list of intents with
// their counts, the threads of the chosen one in the one table machinery, exported with Ctrl+E),
// and the chosen thread readable with everything it carried, linked to its campaign and contact.
// State lives in UniboxController; this view holds widgets.
class UniboxView : public QWidget
{
    Q_OBJECT
public:
    explicit UniboxView(const EmailContext &context, QWidget *parent = nullptr);

    UniboxController *controller() const { return m_controller; }
    RecordTableModel *threadsModel() const { return m_threads; }
    ExportControl *threadsExport() const { return m_export; }
    QString currentIntent() const;
    void selectIntent(const QString &intent);
    void showThread(const QString &threadId); // in the reading pane
    // What a notification about a reply opens: the interested replies, with the thread (by id,
    // else the contact's latest) selected — now or when the threads are next read.
    void showReply(const QString &threadId, const QString &email);
    QString currentThreadId() const;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    // The operator followed a thread's campaign link: the page opens it in the editor.
    void campaignRequested(const QString &campaignId);
    // The operator followed a thread's contact link.
    void contactRequested(const QString &campaignId, const QString &contactId);

private:
    void reloadIntents();
    void reloadThreads();
    QString campaignName(const QString &campaignId) const;
    bool selectPendingReply();

    EmailContext m_context;
    UniboxController *m_controller;
    RecordTableModel *m_threads;
    ExportControl *m_export;
    QListWidget *m_intents;
    RecordTableView *m_table;
    QTextBrowser *m_reader;
    QLabel *m_status;
    QPushButton *m_refresh;
    QString m_pendingThread; // showReply() before its thread was read
    QString m_pendingEmail;
};
