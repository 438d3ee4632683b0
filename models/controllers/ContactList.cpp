#include "ContactList.h"

#include "export/CsvReader.h"
#include "table/RecordTableModel.h"

#include <QCoreApplication>

namespace {

QString normalisedHeader(const QString &header)
{
    QString key = header.trimmed().toLower();
    key.remove(QLatin1Char('_'));
    key.remove(QLatin1Char(' '));
    key.remove(QLatin1Char('-'));
    return key;
}

int findColumn(const QStringList &header, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        for (int i = 0; i < header.size(); ++i) {
            if (normalisedHeader(header.at(i)) == QLatin1String(name))
                return i;
        }
    }
    return -1;
}

} // namespace

ContactList ContactList::fromLeads(const RecordTableModel &leads, const QList<int> &tableRows)
{
    const RecordSchema &schema = leads.schema();
    const RecordTable &table = leads.table();
    const int phone = schema.indexOf(u"phone");
    const int phoneRaw = schema.indexOf(u"phoneRaw");
    const int label = schema.indexOf(u"businessName");

    ContactList list;
    for (const ColumnSpec &column : schema.columns())
        list.fields << Field{column.key, column.title};
    for (int row : tableRows) {
        if (row < 0 || row >= table.rowCount())
            continue;
        Contact contact;
        for (int c = 0; c < schema.columnCount(); ++c) {
            if (table.isNull(row, c))
                continue;
            contact.fields.insert(schema.column(c).key,
                                  schema.column(c).isTextual() ? table.text(row, c)
                                                               : leads.displayText(row, c));
        }
        if (phone >= 0 && !table.isNull(row, phone))
            contact.phone = table.text(row, phone);
        else if (phoneRaw >= 0 && !table.isNull(row, phoneRaw))
            contact.phone = table.text(row, phoneRaw);
        if (label >= 0)
            contact.label = table.text(row, label);
        list.contacts << contact;
    }
    return list;
}

std::optional<ContactList> ContactList::fromCsv(const QString &path, QString *problem)
{
    const std::optional<Csv::Records> records = Csv::readFile(path, problem);
    if (!records)
        return std::nullopt;
    const QStringList &header = records->header;
    const int phone = findColumn(header, {"phone", "phonenumber", "number", "to", "mobile", "telephone"});
    if (phone < 0) {
        if (problem)
            *problem = QCoreApplication::translate(
                    "ContactList",
                    "The file has no phone column: name one column “phone” in its first line.");
        return std::nullopt;
    }
    const int label = findColumn(header, {"name", "business", "businessname", "company", "label"});

    ContactList list;
    for (const QString &key : header)
        list.fields << Field{key.trimmed(), key.trimmed()};
    for (int r = 0; r < records->rows.size(); ++r) {
        const QStringList &row = records->rows.at(r);
        if (row.size() > header.size()) {
            if (problem)
                *problem = QCoreApplication::translate("ContactList",
                                                       "Line %1 has %2 fields, but the first line names %3.")
                                   .arg(records->lineNumbers.at(r))
                                   .arg(row.size())
                                   .arg(header.size());
            return std::nullopt;
        }
        Contact contact;
        for (int c = 0; c < row.size(); ++c) {
            if (!row.at(c).isEmpty())
                contact.fields.insert(header.at(c).trimmed(), row.at(c));
        }
        contact.phone = row.value(phone).trimmed();
        contact.label = label >= 0 ? row.value(label).trimmed() : contact.phone;
        list.contacts << contact;
    }
    return list;
}
