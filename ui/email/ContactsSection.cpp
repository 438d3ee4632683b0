#include "ContactsSection.h"

#include "ImportDialog.h"
#include "common/ErrorText.h"
#include "common/LayoutMemory.h"
#include "common/RecordTableView.h"
#include "email/ContactsController.h"
#include "table/RecordTableModel.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

ContactsSection::ContactsSection(const EmailContext &context, QWidget *parent)
    : EditorSection(parent),
      m_context(context),
      m_controller(new ContactsController(context.service, context.store, this)),
      m_contacts(new RecordTableModel(ContactsController::contactSchema(), this)),
      m_imports(new RecordTableModel(ContactsController::importSchema(), this)),
      m_count(new QLabel(this)),
      m_status(new QLabel(this)),
      m_import(new QPushButton(tr("&Import…"), this)),
      m_refresh(new QPushButton(tr("&Refresh"), this)),
      m_contactsView(new RecordTableView(this)),
      m_importsView(new RecordTableView(this))
{
    setObjectName(QStringLiteral("contactsSection"));
    setAccessibleName(tr("Contacts"));
    m_count->setObjectName(QStringLiteral("contactsCount"));
    m_status->setObjectName(QStringLiteral("contactsStatus"));
    m_status->setWordWrap(true);
    ErrorText::makeLinkLabel(m_status);
    m_import->setObjectName(QStringLiteral("contactsImport"));
    m_import->setToolTip(tr("Import contacts from a CSV file (%1)")
                                 .arg(QKeySequence(Qt::CTRL | Qt::Key_I).toString(QKeySequence::NativeText)));
    m_refresh->setObjectName(QStringLiteral("contactsRefresh"));
    m_refresh->setToolTip(tr("List the contacts from Outreach2day again"));
    m_contactsView->setObjectName(QStringLiteral("contactsTable"));
    m_contactsView->setAccessibleName(tr("Contacts of the campaign"));
    m_contactsView->setRecordModel(m_contacts, QStringLiteral("email/contacts"));
    m_contactsView->setSortingEnabled(true);
    connect(m_contacts, &RecordTableModel::visibleRowsChanged, this, &ContactsSection::choosePendingContact);
    m_importsView->setObjectName(QStringLiteral("contactsImports"));
    m_importsView->setAccessibleName(tr("Import history"));
    m_importsView->setRecordModel(m_imports, QStringLiteral("email/imports"));

    const auto shortcut = [this](const QKeySequence &keys, QPushButton *button) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, button, [button] {
            if (button->isEnabled())
                button->click();
        });
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_I), m_import);

    auto *top = new QHBoxLayout;
    top->addWidget(m_count, 1);
    top->addWidget(m_refresh);
    top->addWidget(m_import);
    auto *history = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(history);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(new QLabel(tr("Imports:"), history));
    historyLayout->addWidget(m_importsView);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("contactsSplitter"));
    splitter->addWidget(m_contactsView);
    splitter->addWidget(history);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    LayoutMemory::track(splitter, QStringLiteral("email/contacts"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_import, &QPushButton::clicked, this, &ContactsSection::openImport);
    connect(m_refresh, &QPushButton::clicked, this, &ContactsSection::refresh);
    connect(m_controller, &ContactsController::contactsChanged, this, &ContactsSection::reloadContacts);
    connect(m_controller, &ContactsController::contactsAdded, this,
            [this](const QList<O2dContact> &contacts) {
                m_contacts->mergeRows(ContactsController::contactRows(contacts));
                updateCount();
                Q_EMIT changed();
            });
    connect(m_controller, &ContactsController::importsChanged, this,
            [this] { m_imports->setRows(m_controller->importTable()); });
    connect(m_controller, &ContactsController::refreshFinished, this, [this](const ApiError &error) {
        m_refresh->setEnabled(true);
        if (error.isError() && error.kind != ApiError::Kind::Cancelled)
            ErrorText::show(m_status, error, tr("The contacts could not be listed:"));
        else
            m_status->clear();
        updateCount();
    });
    updateCount();
}

void ContactsSection::setCampaign(const QString &campaignId)
{
    m_pendingContact.clear();
    m_status->clear();
    m_controller->setCampaign(campaignId);
    m_refresh->setEnabled(!m_controller->isRefreshing());
    updateCount();
}

QString ContactsSection::missing() const
{
    return m_controller->contactCount() > 0 ? QString() : tr("Import contacts.");
}

void ContactsSection::openImport()
{
    if (m_controller->campaignId().isEmpty())
        return;
    auto *dialog = new ImportDialog(m_context, m_controller->campaignId(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::importFinished, this, [this] {
        m_controller->reloadImports();
        refresh();
    });
    dialog->open();
}

void ContactsSection::refresh()
{
    m_status->setText(tr("Listing the contacts…"));
    m_refresh->setEnabled(false);
    m_controller->refresh();
}

void ContactsSection::reloadContacts()
{
    m_contacts->setRows(m_controller->contactTable());
    updateCount();
    Q_EMIT changed();
}

void ContactsSection::selectContact(const QString &contactId)
{
    m_pendingContact = contactId;
    choosePendingContact();
}

void ContactsSection::choosePendingContact()
{
    if (m_pendingContact.isEmpty())
        return;
    const RecordTable &table = m_contacts->table();
    const int id = table.schema().indexOf(u"id");
    for (int row = 0; row < table.rowCount(); ++row) {
        if (table.value(row, id).toString() != m_pendingContact)
            continue;
        const QModelIndex index = m_contacts->indexForTableRow(row, table.schema().indexOf(u"email"));
        if (!index.isValid())
            return; // filtered out or not placed yet: the next visible rows decide
        m_contactsView->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_contactsView->scrollTo(index);
        m_pendingContact.clear();
        return;
    }
}

QString ContactsSection::currentContact() const
{
    const QModelIndex current = m_contactsView->selectionModel()->currentIndex();
    if (!current.isValid())
        return {};
    const RecordTable &table = m_contacts->table();
    return table.value(m_contacts->tableRow(current.row()), table.schema().indexOf(u"id")).toString();
}

void ContactsSection::updateCount()
{
    const int count = m_controller->contactCount();
    m_count->setText(m_controller->campaignId().isEmpty() ? tr("No campaign open.")
                             : count == 0                 ? tr("No contacts yet: import a CSV file.")
                                                          : tr("%n contact(s)", nullptr, count));
    m_import->setEnabled(!m_controller->campaignId().isEmpty());
}
