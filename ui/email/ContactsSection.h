#pragma once

#include "EditorSection.h"

class ContactsController;
class QLabel;
class QPushButton;
class RecordTableModel;
class RecordTableView;

// The campaign's contacts as Outreach2day lists them (read through the one cursor pager into
// the store, so they show offline too), Import… for a CSV file (ImportDialog), and the history of
// the campaign's imports. State lives in ContactsController; this section holds widgets.
class ContactsSection : public EditorSection
{
    Q_OBJECT
public:
    explicit ContactsSection(const EmailContext &context, QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId) override;
    QString missing() const override;

    ContactsController *controller() const { return m_controller; }
    RecordTableModel *contactsModel() const { return m_contacts; }
    RecordTableModel *importsModel() const { return m_imports; }
    // Makes the contact the current row (a Unibox link): at once, or as soon as the list being
    // read or sorted shows it. Choosing another campaign forgets it.
    void selectContact(const QString &contactId);
    QString currentContact() const; // the id of the current row; empty when none

public Q_SLOTS:
    void openImport(); // the import dialog, modal; the list is read again when it closes
    void refresh();

private:
    void reloadContacts();
    void updateCount();
    void choosePendingContact();

    EmailContext m_context;
    ContactsController *m_controller;
    RecordTableModel *m_contacts;
    RecordTableModel *m_imports;
    QLabel *m_count;
    QLabel *m_status;
    QPushButton *m_import;
    QPushButton *m_refresh;
    RecordTableView *m_contactsView;
    RecordTableView *m_importsView;
    QString m_pendingContact; // asked for by selectContact(), not yet in the list
};
