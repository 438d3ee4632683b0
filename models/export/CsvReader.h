#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QIODevice;

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

// The one record parser behind read(): one record at a time from a device, in chunks, so a file
// of any size is parsed in constant memory and a preview reads only the head of the file. The
// first record is the header; blank lines after it are left out, as read() does.
//
//   Csv::RecordReader reader(&file);
//   QStringList record;
//   while (reader.next(&record)) { ... reader.line() ... }
//   if (!reader.problem().isEmpty()) ...
class RecordReader
{
public:
    explicit RecordReader(QIODevice *device);

    // The next record; false at the end of the input or on a problem (problem() set).
    bool next(QStringList *record);
    // The file's line (1-based) where the record next() returned starts.
    int line() const { return m_recordLine; }
    // Why reading stopped early (cannot be read, an unterminated quote with its line), or empty.
    QString problem() const { return m_problem; }
    // Bytes taken from the device so far (a chunk at a time, ahead of the records returned).
    qint64 bytesRead() const { return m_bytesRead; }
    // Sees every byte taken from the device, in order (e.g. to hash the file in the same pass).
    void setByteTap(std::function<void(QByteArrayView)> tap) { m_tap = std::move(tap); }

private:
    bool fill(); // the next chunk into m_buffer; false at the end of the device
    bool atEnd();

    QIODevice *m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_bytesRead = 0;
    bool m_eof = false;
    bool m_first = true; // the header is still to come (and a BOM may open the input)
    int m_line = 1; // the line the parser is on
    int m_recordLine = 1;
    QString m_problem;
    std::function<void(QByteArrayView)> m_tap;
};

} // namespace Csv
