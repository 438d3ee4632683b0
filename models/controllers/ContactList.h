#pragma once

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

class RecordTableModel;

// The people a bulk outbound action is about, as the operator picked them: selected leads, or the
// rows of a CSV file. Each has the number to reach (as it was written: the guard validates it), a
// label the operator recognises, and every field by key, which the operator maps onto a vendor's
// variables ("customer_name" <- "businessName").
struct Contact
{
    QString phone;
    QString label;
    QHash<QString, QString> fields; // field key -> text
};

struct ContactList
{
    struct Field
    {
        QString key; // "businessName", or a CSV column's header
        QString title; // what the operator reads ("Business")
    };
    QList<Field> fields; // in the source's order
    QList<Contact> contacts;

    // The given rows (RecordTableModel::TableRowRole) of a leads table (LeadStore::leadSchema()):
    // the normalised phone, else the phone as received (so the guard can say why it is invalid).
    static ContactList fromLeads(const RecordTableModel &leads, const QList<int> &tableRows);
    // A CSV file with a header line: the phone column is the first header named like one ("phone",
    // "phone_number", "number", "to", "mobile", "telephone"), the label column like a name
    // ("name", "business", "businessName", "company", "label"). Nothing with `problem` set when
    // the file cannot be read, has no phone column or a row has more fields than the header.
    static std::optional<ContactList> fromCsv(const QString &path, QString *problem);
};
Q_DECLARE_METATYPE(ContactList)
