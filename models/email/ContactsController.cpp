#include "ContactsController.h"

#include "EmailCampaignStore.h"
#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

#include <QJsonDocument>
#include <QJsonObject>

ContactsController::ContactsController(Outreach2dayService *service, EmailCampaignStore *store,
                                       QObject *parent)
    : QObject(parent), m_service(service), m_store(store)
{ }

void ContactsController::setCampaign(const QString &campaignId)
{
    if (m_pager)
        m_pager->cancel();
    m_campaignId = campaignId;
    Q_EMIT contactsChanged();
    Q_EMIT importsChanged();
    refresh();
}

void ContactsController::refresh()
{
    if (m_campaignId.isEmpty() || !m_service)
        return;
    if (m_pager) {
        m_pager->cancel();
        m_pager->deleteLater();
    }
    CursorPager *pager = m_service->contactsPager(m_campaignId, this);
    m_pager = pager;
    connect(pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items) {
        QList<O2dContact> contacts;
        contacts.reserve(items.size());
        for (const QJsonObject &item : items)
            contacts.append(O2dContact::fromJson(item));
        m_store->saveContacts(contacts);
        Q_EMIT contactsAdded(contacts);
    });
    connect(pager, &CursorPager::finished, this, [this, pager](const ApiError &error) {
        pager->deleteLater();
        if (m_pager != pager)
            return; // superseded by a newer refresh
        m_pager = nullptr;
        Q_EMIT refreshFinished(error);
    });
    pager->start();
}

bool ContactsController::isRefreshing() const
{
    return m_pager && m_pager->isRunning();
}

int ContactsController::contactCount() const
{
    return m_campaignId.isEmpty() ? 0 : m_store->contactCount(m_campaignId);
}

RecordSchema ContactsController::contactSchema()
{
    return RecordSchema({ColumnSpec::make(ColumnType::Text, QStringLiteral("id"), tr("Id")).hidden(),
                         ColumnSpec::make(ColumnType::Text, QStringLiteral("email"), tr("Email")),
                         ColumnSpec::make(ColumnType::Text, QStringLiteral("name"), tr("Name")),
                         ColumnSpec::make(ColumnType::Category, QStringLiteral("status"), tr("Status")),
                         ColumnSpec::make(ColumnType::Text, QStringLiteral("fields"), tr("Other fields")),
                         ColumnSpec::make(ColumnType::DateTime, QStringLiteral("createdAt"), tr("Added"))},
                        QStringLiteral("id"));
}

RecordTable ContactsController::contactTable() const
{
    return contactRows(m_campaignId.isEmpty() ? QList<O2dContact>() : m_store->contacts(m_campaignId));
}

RecordTable ContactsController::contactRows(const QList<O2dContact> &contacts)
{
    RecordTable table(contactSchema());
    table.reserve(int(contacts.size()));
    for (const O2dContact &contact : contacts) {
        const int row = table.appendRow();
        table.setText(row, 0, contact.id);
        table.setText(row, 1, contact.email);
        table.setText(row, 2, contact.name);
        table.setText(row, 3, contact.status);
        QStringList fields;
        for (auto it = contact.customJson.constBegin(); it != contact.customJson.constEnd(); ++it)
            fields.append(it.key() + QStringLiteral(": ") + it.value().toVariant().toString());
        table.setText(row, 4, fields.join(QStringLiteral("; ")));
        if (contact.createdAt.isValid())
            table.setDateTime(row, 5, contact.createdAt.toMSecsSinceEpoch());
    }
    return table;
}

RecordSchema ContactsController::importSchema()
{
    return RecordSchema(
            {ColumnSpec::make(ColumnType::Text, QStringLiteral("key"), tr("Idempotency key")).hidden(),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("file"), tr("File")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("mode"), tr("Mode")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("state"), tr("State")),
             ColumnSpec::make(ColumnType::Integer, QStringLiteral("imported"), tr("Imported")),
             ColumnSpec::make(ColumnType::Integer, QStringLiteral("invalid"), tr("Invalid")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("createdAt"), tr("Started")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("updatedAt"), tr("Last change"))},
            QStringLiteral("key"));
}

RecordTable ContactsController::importTable() const
{
    RecordTable table(importSchema());
    if (m_campaignId.isEmpty())
        return table;
    for (const EmailCampaignStore::ImportRecord &record : m_store->imports(m_campaignId)) {
        const int row = table.appendRow();
        table.setText(row, 0, record.idempotencyKey);
        table.setText(row, 1, record.fileName);
        table.setText(row, 2, record.mode);
        table.setText(row, 3, record.state);
        const QJsonObject result = QJsonDocument::fromJson(record.resultJson.toUtf8()).object();
        if (result.contains(QLatin1String("imported")))
            table.setInteger(row, 4, result.value(QLatin1String("imported")).toInteger());
        if (result.contains(QLatin1String("invalid")))
            table.setInteger(row, 5, result.value(QLatin1String("invalid")).toInteger());
        if (record.createdAt.isValid())
            table.setDateTime(row, 6, record.createdAt.toMSecsSinceEpoch());
        if (record.updatedAt.isValid())
            table.setDateTime(row, 7, record.updatedAt.toMSecsSinceEpoch());
    }
    return table;
}

void ContactsController::reloadImports()
{
    Q_EMIT importsChanged();
}
