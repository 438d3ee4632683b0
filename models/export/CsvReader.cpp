#include "CsvReader.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>

namespace {

constexpr qint64 kChunkBytes = 64 * 1024;

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

std::optional<Csv::Records> readAll(QIODevice *device, QString *problem)
{
    Csv::RecordReader reader(device);
    Csv::Records records;
    QStringList record;
    bool first = true;
    while (reader.next(&record)) {
        if (first) {
            records.header = std::move(record);
            first = false;
        } else {
            records.rows << std::move(record);
            records.lineNumbers << reader.line();
        }
    }
    if (!reader.problem().isEmpty()) {
        if (problem)
            *problem = reader.problem();
        return std::nullopt;
    }
    return records;
}

} // namespace

namespace Csv {

RecordReader::RecordReader(QIODevice *device) : m_device(device) { }

bool RecordReader::fill()
{
    if (m_eof)
        return false;
    m_buffer.resize(kChunkBytes);
    const qint64 n = m_device->read(m_buffer.data(), kChunkBytes);
    if (n <= 0) {
        if (n < 0)
            m_problem = QCoreApplication::translate("Csv", "The file cannot be read: %1")
                                .arg(m_device->errorString());
        m_buffer.clear();
        m_pos = 0;
        m_eof = true;
        return false;
    }
    m_buffer.resize(n);
    m_pos = 0;
    if (m_tap)
        m_tap(QByteArrayView(m_buffer));
    if (m_bytesRead == 0 && m_buffer.startsWith("\xEF\xBB\xBF"))
        m_pos = 3; // the UTF-8 BOM
    m_bytesRead += n;
    return true;
}

bool RecordReader::atEnd()
{
    return m_pos >= m_buffer.size() && !fill();
}

bool RecordReader::next(QStringList *out)
{
    if (!m_problem.isEmpty())
        return false;
    for (;;) {
        QStringList record;
        QByteArray field;
        bool quoted = false; // inside a quoted field
        bool fieldWasQuoted = false;
        bool complete = false;
        m_recordLine = m_line;

        const auto endField = [&] {
            record << unprotect(QString::fromUtf8(field));
            field.clear();
            fieldWasQuoted = false;
        };

        while (!complete && !atEnd()) {
            const char *data = m_buffer.constData();
            const qsizetype size = m_buffer.size();
            const qsizetype start = m_pos;
            if (quoted) {
                while (m_pos < size && data[m_pos] != '"') {
                    if (data[m_pos] == '\n')
                        ++m_line;
                    ++m_pos;
                }
                field.append(data + start, m_pos - start);
                if (m_pos == size)
                    continue; // the field goes on in the next chunk
                ++m_pos;
                if (!atEnd() && m_buffer.at(m_pos) == '"') {
                    field += '"';
                    ++m_pos;
                } else {
                    quoted = false;
                }
                continue;
            }
            const char c = data[m_pos];
            if (c == '"') {
                ++m_pos;
                if (field.isEmpty() && !fieldWasQuoted)
                    quoted = fieldWasQuoted = true;
                else
                    field += c;
            } else if (c == ',') {
                ++m_pos;
                endField();
            } else if (c == '\r' || c == '\n') {
                ++m_pos;
                if (c == '\r' && !atEnd() && m_buffer.at(m_pos) == '\n')
                    ++m_pos;
                endField();
                ++m_line;
                complete = true;
            } else {
                while (m_pos < size) {
                    const char b = data[m_pos];
                    if (b == ',' || b == '"' || b == '\r' || b == '\n')
                        break;
                    ++m_pos;
                }
                field.append(data + start, m_pos - start);
            }
        }
        if (!complete) {
            if (!m_problem.isEmpty())
                return false;
            if (quoted) {
                m_problem = QCoreApplication::translate("Csv", "Line %1: a quoted field is never closed.")
                                    .arg(m_recordLine);
                return false;
            }
            if (field.isEmpty() && !fieldWasQuoted && record.isEmpty())
                return false; // the end
            endField();
        }
        const bool blank = record.size() == 1 && record.constFirst().isEmpty();
        if (m_first)
            m_first = false;
        else if (blank)
            continue;
        *out = std::move(record);
        return true;
    }
}

std::optional<Records> read(const QByteArray &bytes, QString *problem)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return readAll(&buffer, problem);
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
    return readAll(&file, problem);
}

} // namespace Csv
