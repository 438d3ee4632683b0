#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Reads the CSV files operators bring (RFC 4180: quoted fields with doubled quotes and line breaks,
// CRLF or LF, an optional UTF-8 BOM), including the console's own exports: the apostrophe the
// spreadsheet profile puts before a cell a spreadsheet would read as a formula ("'+13055550100")
// is taken off again.
namespace Csv {

struct Records
{
    QStringList header; // the first line
    QList<QStringList> rows; // the lines after it, blank lines left out
    QList<int> lineNumbers; // the file's line (1-based) where each row starts, for error reports
};

// The records of `bytes`, or nothing with `problem` set (an unterminated quote, with its line).
std::optional<Records> read(const QByteArray &bytes, QString *problem = nullptr);
// read() of a file; `problem` also says when it cannot be opened.
std::optional<Records> readFile(const QString &path, QString *problem = nullptr);

} // namespace Csv
