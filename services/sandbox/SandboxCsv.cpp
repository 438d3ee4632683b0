#include "SandboxCsv.h"

SandboxCsv SandboxCsv::parse(const QByteArray &data)
{
    SandboxCsv csv;
    const QString text = QString::fromUtf8(data.startsWith("\xEF\xBB\xBF") ? data.mid(3) : data);
    QList<Record> rows;
    Record record;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    record.line = 1;

    auto endField = [&] {
        record.fields.append(field);
        field.clear();
        fieldStarted = false;
    };
    auto endRecord = [&] {
        endField();
        const bool blank = record.fields.size() == 1 && record.fields.constFirst().isEmpty();
        if (!blank)
            rows.append(record);
        record = Record();
        record.line = line;
    };

    int quoteLine = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field.append(c);
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field.append(c);
            }
            continue;
        }
        if (c == QLatin1Char('"') && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == QLatin1Char(',')) {
            endField();
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            ++line;
            endRecord();
        } else {
            field.append(c);
            fieldStarted = true;
        }
    }
    if (quoted) {
        csv.problem = QStringLiteral("The quoted field opened on line %1 is never closed.").arg(quoteLine);
        return csv;
    }
    if (fieldStarted || !record.fields.isEmpty())
        endRecord();

    if (rows.isEmpty()) {
        csv.problem = QStringLiteral("The file is empty: it needs a header row.");
        return csv;
    }
    for (const QString &name : rows.constFirst().fields)
        csv.header.append(name.trimmed());
    csv.records = rows.mid(1);
    return csv;
}
