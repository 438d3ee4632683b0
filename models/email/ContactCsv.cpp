#include "ContactCsv.h"

#include "export/CsvExporter.h"
#include "export/CsvReader.h"
#include "table/RecordTable.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <numeric>
#include <vector>

namespace {

constexpr qsizetype kFlushBytes = 1 << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("ContactCsv", text);
}

// "E-mail", "first_name", "First Name" → "email", "firstname", "firstname".
QString normalised(const QString &name)
{
    QString out;
    out.reserve(name.size());
    for (const QChar c : name) {
        if (c.isLetterOrNumber())
            out += c.toLower();
    }
    return out;
}

// The names operators' CSV files use for each known field, normalised.
const QHash<QString, QString> &synonyms()
{
    static const QHash<QString, QString> table = [] {
        const QList<QPair<QString, QStringList>> fields = {
                {QStringLiteral("email"),
                 {QStringLiteral("email"), QStringLiteral("emailaddress"), QStringLiteral("mail"),
                  QStringLiteral("workemail"), QStringLiteral("businessemail")}},
                {QStringLiteral("firstName"),
                 {QStringLiteral("firstname"), QStringLiteral("first"), QStringLiteral("givenname"),
                  QStringLiteral("fname"), QStringLiteral("forename")}},
                {QStringLiteral("lastName"),
                 {QStringLiteral("lastname"), QStringLiteral("last"), QStringLiteral("surname"),
                  QStringLiteral("familyname"), QStringLiteral("lname")}},
                {QStringLiteral("company"),
                 {QStringLiteral("company"), QStringLiteral("companyname"), QStringLiteral("org"),
                  QStringLiteral("organisation"), QStringLiteral("organization"), QStringLiteral("business"),
                  QStringLiteral("account"), QStringLiteral("employer")}},
                {QStringLiteral("title"),
                 {QStringLiteral("title"), QStringLiteral("jobtitle"), QStringLiteral("role"),
                  QStringLiteral("position"), QStringLiteral("jobrole")}},
                {QStringLiteral("phone"),
                 {QStringLiteral("phone"), QStringLiteral("phonenumber"), QStringLiteral("telephone"),
                  QStringLiteral("tel"), QStringLiteral("mobile"), QStringLiteral("mobilephone")}},
                {QStringLiteral("website"),
                 {QStringLiteral("website"), QStringLiteral("web"), QStringLiteral("url"),
                  QStringLiteral("homepage"), QStringLiteral("site")}},
                {QStringLiteral("city"), {QStringLiteral("city"), QStringLiteral("town")}},
                {QStringLiteral("country"), {QStringLiteral("country"), QStringLiteral("countrycode")}},
        };
        QHash<QString, QString> out;
        for (const auto &[field, names] : fields) {
            for (const QString &name : names)
                out.insert(name, field);
        }
        return out;
    }();
    return table;
}

// "Lead Source" → "leadSource": a column no known field matches is kept as a custom field with a
// name a {{placeholder}} can use; empty when the column's name has no letter to start one.
QString customFieldName(const QString &column)
{
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    const QStringList words = column.split(separators, Qt::SkipEmptyParts);
    QString out;
    for (const QString &word : words) {
        if (out.isEmpty())
            out = word.toLower();
        else
            out += word.left(1).toUpper() + word.mid(1).toLower();
    }
    return !out.isEmpty() && out.at(0).isLetter() ? out : QString();
}

bool isFieldName(const QString &field)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return name.match(field).hasMatch();
}

bool isEmailAddress(const QString &value)
{
    static const QRegularExpression address(
            QStringLiteral("^[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\".]+$"));
    return address.match(value).hasMatch();
}

// A file name as a Content-Disposition parameter: no quote, backslash or line break.
QByteArray dispositionName(const QString &path)
{
    QByteArray name = QFileInfo(path).fileName().toUtf8();
    for (char &c : name) {
        if (c == '"' || c == '\\' || c == '\r' || c == '\n')
            c = '_';
    }
    return name;
}

void appendLine(QByteArray &out, const QStringList &fields)
{
    for (int i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        Csv::appendDataField(out, fields.at(i).toUtf8());
    }
    out += "\r\n";
}

} // namespace

namespace ContactCsv {

Preview preview(const QString &path, int maxRows)
{
    Preview result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.problem = tr("%1 cannot be read: %2").arg(path, file.errorString());
        return result;
    }
    result.fileSize = file.size();
    Csv::RecordReader reader(&file);
    QStringList record;
    if (reader.next(&result.header) && result.header != QStringList{QString()}) {
        while (result.rows.size() < maxRows && reader.next(&record)) {
            result.rows << record;
            result.lineNumbers << reader.line();
        }
    } else if (reader.problem().isEmpty()) {
        result.header.clear();
        result.problem = tr("The file is empty: it has no header line.");
    }
    if (!reader.problem().isEmpty())
        result.problem = reader.problem();
    result.bytesRead = reader.bytesRead();
    return result;
}

QStringList knownFields()
{
    return {QStringLiteral("email"),   QStringLiteral("firstName"), QStringLiteral("lastName"),
            QStringLiteral("company"), QStringLiteral("title"),     QStringLiteral("phone"),
            QStringLiteral("website"), QStringLiteral("city"),      QStringLiteral("country")};
}

QMap<QString, QString> proposeMapping(const QStringList &header)
{
    QMap<QString, QString> mapping;
    QSet<QString> taken;
    // Known fields first, so that "Email" wins over a custom column that would also claim a name.
    for (const QString &column : header) {
        const QString field = synonyms().value(normalised(column));
        if (!field.isEmpty() && !taken.contains(field) && !mapping.contains(column)) {
            mapping.insert(column, field);
            taken.insert(field);
        }
    }
    for (const QString &column : header) {
        if (mapping.contains(column))
            continue;
        QString field = synonyms().contains(normalised(column)) ? QString() : customFieldName(column);
        if (taken.contains(field))
            field.clear();
        if (!field.isEmpty())
            taken.insert(field);
        mapping.insert(column, field);
    }
    return mapping;
}

QString mappingProblem(const QStringList &header, const QMap<QString, QString> &mapping)
{
    QHash<QString, QString> columnOfField;
    for (auto it = mapping.cbegin(); it != mapping.cend(); ++it) {
        const QString field = it.value().trimmed();
        if (field.isEmpty())
            continue;
        if (!header.contains(it.key()))
            return tr("The file has no column “%1”.").arg(it.key());
        if (header.count(it.key()) > 1)
            return tr("The file has more than one column named “%1”: rename them to import it.")
                    .arg(it.key());
        if (!isFieldName(field))
            return tr("“%1” cannot be a field name: use letters, digits and _ (and no digit first).")
                    .arg(field);
        if (columnOfField.contains(field))
            return tr("Columns “%1” and “%2” are both mapped to %3: map only one.")
                    .arg(columnOfField.value(field), it.key(), field);
        columnOfField.insert(field, it.key());
    }
    if (!columnOfField.contains(QStringLiteral("email")))
        return tr("No column is mapped to email: every contact needs an email address.");
    return {};
}

BodyResult writeMultipart(const QString &csvPath, const QString &outPath, const QByteArray &boundary,
                          const QMap<QString, QString> &mapping, bool rewriteHeader,
                          const QList<QPair<QString, QString>> &fields,
                          const std::function<bool(qint64, qint64)> &progress)
{
    BodyResult result;
    QFile in(csvPath);
    if (!in.open(QIODevice::ReadOnly)) {
        result.problem = tr("%1 cannot be read: %2").arg(csvPath, in.errorString());
        return result;
    }
    QFile out(outPath);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate,
                  QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        result.problem = tr("%1 cannot be written: %2").arg(outPath, out.errorString());
        return result;
    }
    const auto fail = [&](const QString &problem) {
        out.close();
        out.remove(); // nothing half-written may be sent
        result.problem = problem;
        result.rows = 0;
        result.emails.clear();
        result.lines.clear();
        return result;
    };

    const qint64 fileSize = in.size();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    Csv::RecordReader reader(&in);
    reader.setByteTap([&hash](QByteArrayView bytes) { hash.addData(bytes); });

    QStringList header;
    if (!reader.next(&header) || header == QStringList{QString()})
        return fail(reader.problem().isEmpty() ? tr("The file is empty: it has no header line.")
                                               : reader.problem());
    if (const QString problem = mappingProblem(header, mapping); !problem.isEmpty())
        return fail(problem);

    // The columns that go out, and the one whose value must be an email address.
    QList<int> columns;
    QStringList names;
    int emailColumn = -1;
    for (int i = 0; i < header.size(); ++i) {
        const QString field = mapping.value(header.at(i)).trimmed();
        if (field == QLatin1String("email"))
            emailColumn = i;
        if (!rewriteHeader) {
            columns << i;
            names << header.at(i);
        } else if (!field.isEmpty()) {
            columns << i;
            names << field;
        }
    }

    QByteArray buffer;
    for (const auto &[name, value] : fields) {
        buffer += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name.toUtf8() +
                "\"\r\n\r\n" + value.toUtf8() + "\r\n";
    }
    buffer += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            dispositionName(csvPath) + "\"\r\nContent-Type: text/csv; charset=utf-8\r\n\r\n";
    appendLine(buffer, names);

    QStringList record;
    QStringList line;
    qint64 reported = -1;
    while (reader.next(&record)) {
        if (record.size() > header.size()) {
            result.errors << RowError{
                    reader.line(), QString(), QString(),
                    tr("has %1 fields, the header %2").arg(record.size()).arg(header.size()),
                    QStringLiteral("local")};
            continue;
        }
        const QString email = record.value(emailColumn).trimmed();
        if (!isEmailAddress(email)) {
            result.errors << RowError{reader.line(), header.at(emailColumn), record.value(emailColumn),
                                      email.isEmpty() ? tr("no email address") : tr("not an email address"),
                                      QStringLiteral("local")};
            continue;
        }
        line.clear();
        for (const int column : columns)
            line << (column == emailColumn ? email : record.value(column));
        appendLine(buffer, line);
        result.emails << email.toLower();
        result.lines << reader.line();
        ++result.rows;
        if (buffer.size() >= kFlushBytes) {
            if (out.write(buffer) != buffer.size())
                return fail(tr("%1 cannot be written: %2").arg(outPath, out.errorString()));
            buffer.clear();
        }
        if (progress && reader.bytesRead() != reported) {
            reported = reader.bytesRead();
            if (!progress(reported, fileSize))
                return fail(tr("cancelled"));
        }
    }
    if (!reader.problem().isEmpty())
        return fail(reader.problem());
    buffer += "\r\n--" + boundary + "--\r\n";
    if (out.write(buffer) != buffer.size() || !out.flush())
        return fail(tr("%1 cannot be written: %2").arg(outPath, out.errorString()));
    if (progress)
        progress(fileSize, fileSize);
    result.sha256 = hash.result().toHex();
    return result;
}

QList<RowError> vendorRowErrors(const QJsonArray &errors, const QList<int> &sentLines)
{
    const auto text = [](const QJsonObject &object, std::initializer_list<const char *> keys) {
        for (const char *key : keys) {
            const QJsonValue value = object.value(QLatin1String(key));
            if (value.isString())
                return value.toString();
            if (value.isDouble())
                return QString::number(value.toDouble());
        }
        return QString();
    };
    QList<RowError> out;
    for (const QJsonValue &value : errors) {
        RowError error;
        error.source = QStringLiteral("outreach2day");
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            const int row = object.value(QLatin1String("row")).toInt(0);
            error.line = row >= 1 && row <= sentLines.size() ? sentLines.at(row - 1) : 0;
            error.column = text(object, {"column", "field"});
            error.value = text(object, {"value", "email"});
            error.message = text(object, {"message", "error", "reason", "code"});
        } else {
            error.message = value.isString()
                    ? value.toString()
                    : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
        }
        out.append(error);
    }
    return out;
}

QByteArray fileSha256(const QString &path, QString *problem)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file)) {
        if (problem)
            *problem = tr("%1 cannot be read: %2").arg(path, file.errorString());
        return {};
    }
    return hash.result().toHex();
}

QByteArray mappingJson(const QMap<QString, QString> &mapping)
{
    QJsonObject object;
    for (auto it = mapping.cbegin(); it != mapping.cend(); ++it) {
        if (!it.value().trimmed().isEmpty())
            object.insert(it.key(), it.value().trimmed());
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString idempotencyKey(const QString &campaignId, const QByteArray &fileSha256,
                       const QMap<QString, QString> &mapping)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayLiteral("outreach2day-import\n"));
    hash.addData(QByteArray(campaignId.trimmed().toUtf8() + '\n'));
    hash.addData(QByteArray(fileSha256.toLower() + '\n'));
    hash.addData(mappingJson(mapping));
    return QStringLiteral("o2d-imp-") + QString::fromLatin1(hash.result().toHex());
}

bool exportErrors(const QList<RowError> &errors, const QString &path, QString *problem)
{
    const RecordSchema schema(
            {ColumnSpec::make(ColumnType::Integer, QStringLiteral("line"), tr("Line")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("column"), tr("Column")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("value"), tr("Value")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("message"), tr("Problem")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("source"), tr("Found by"))});
    RecordTable table(schema);
    table.reserve(int(errors.size()));
    for (const RowError &error : errors) {
        const int row = table.appendRow();
        if (error.line > 0)
            table.setInteger(row, 0, error.line);
        table.setText(row, 1, error.column);
        table.setText(row, 2, error.value);
        table.setText(row, 3, error.message);
        table.setText(row, 4, error.source);
    }
    std::vector<int> rows(size_t(table.rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    const CsvExportResult exported =
            CsvExporter::exportTable(table, rows, {0, 1, 2, 3, 4}, path, CsvProfile::Spreadsheet);
    if (!exported.status.ok() && problem)
        *problem = exported.status.message;
    return exported.status.ok();
}

} // namespace ContactCsv
