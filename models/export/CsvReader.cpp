#include "CsvReader.h"

#include <QCoreApplication>
#include <QFile>

namespace {

// The spreadsheet profile writes '= '+ '- '@ (CsvExporter's formula neutralising, always inside
// quotes): undo it.
QString unprotect(QString field)
{
    if (field.size() >= 2 && field.at(0) == QLatin1Char('\'')) {
        const QChar next = field.at(1);
        if (next == QLatin1Char('=') || next == QLatin1Char('+') || next == QLatin1Char('-') ||
            next == QLatin1Char('@'))
            field.remove(0, 1);
    }
    return field;
}

} // namespace

namespace Csv {

std::optional<Records> read(const QByteArray &bytes, QString *problem)
{
    QString text = QString::fromUtf8(bytes);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);

    Records records;
    QStringList record;
    QString field;
    bool quoted = false; // inside a quoted field
    bool fieldWasQuoted = false;
    int line = 1;
    int recordLine = 1;
    bool first = true;

    const auto endField = [&] {
        record << unprotect(field);
        field.clear();
        fieldWasQuoted = false;
    };
    const auto endRecord = [&] {
        endField();
        const bool blank = record.size() == 1 && record.constFirst().isEmpty();
        if (first) {
            records.header = record;
            first = false;
        } else if (!blank) {
            records.rows << record;
            records.lineNumbers << recordLine;
        }
        record.clear();
    };

    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && field.isEmpty() && !fieldWasQuoted) {
            quoted = true;
            fieldWasQuoted = true;
        } else if (c == QLatin1Char(',')) {
            endField();
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRecord();
            ++line;
            recordLine = line;
        } else {
            field += c;
        }
    }
    if (quoted) {
        if (problem)
            *problem = QCoreApplication::translate("Csv", "Line %1: a quoted field is never closed.")
                               .arg(recordLine);
        return std::nullopt;
    }
    if (!field.isEmpty() || fieldWasQuoted || !record.isEmpty())
        endRecord();
    return records;
}

std::optional<Records> readFile(const QString &path, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (problem)
            *problem =
                    QCoreApplication::translate("Csv", "%1 cannot be read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return read(file.readAll(), problem);
}

} // namespace Csv
