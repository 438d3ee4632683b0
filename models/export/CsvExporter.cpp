#include "CsvExporter.h"

#include "table/CellFormat.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSaveFile>
#include <QThread>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

namespace {

constexpr quint64 kLengthBits = 24;
constexpr quint64 kLengthMask = (quint64(1) << kLengthBits) - 1;
constexpr qsizetype kFlushBytes = 1 << 20;
constexpr size_t kChunkRows = 4096;

struct ByteClass
{
    bool quote[256]; // the field must be quoted: , " CR LF
    bool formula[256]; // a leading byte a spreadsheet reads as a formula: = + - @ TAB CR LF NUL
    constexpr ByteClass() : quote(), formula()
    {
        quote[int(',')] = quote[int('"')] = quote[int('\r')] = quote[int('\n')] = true;
        formula[int('=')] = formula[int('+')] = formula[int('-')] = formula[int('@')] = true;
        formula[int('\t')] = formula[int('\r')] = formula[int('\n')] = formula[0] = true;
    }
};
constexpr ByteClass kBytes;

// Upper bound of an encoded text field of n bytes: quotes, a protecting ', every byte doubled.
constexpr size_t textBound(size_t n)
{
    return 2 * n + 3;
}

// Writes one text field at p; `protect` forces the leading ' (spreadsheet phone cells).
char *encodeText(char *p, const char *s, size_t n, bool protect)
{
    const bool neutralise = protect || (n > 0 && kBytes.formula[static_cast<unsigned char>(s[0])]);
    bool quote = neutralise;
    for (size_t i = 0; !quote && i < n; ++i)
        quote = kBytes.quote[static_cast<unsigned char>(s[i])];
    if (!quote) {
        std::memcpy(p, s, n);
        return p + n;
    }
    *p++ = '"';
    if (neutralise)
        *p++ = '\'';
    for (size_t i = 0; i < n; ++i) {
        if (s[i] == '"')
            *p++ = '"';
        *p++ = s[i];
    }
    *p++ = '"';
    return p;
}

QByteArray encodedText(QByteArrayView utf8, bool protect = false)
{
    QByteArray out(qsizetype(textBound(size_t(utf8.size()))), Qt::Uninitialized);
    char *end = encodeText(out.data(), utf8.data(), size_t(utf8.size()), protect);
    out.truncate(end - out.data());
    return out;
}

// A phone number as the console stores it (E.164 or close): written raw by the machine profile.
bool looksLikePhone(const char *s, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        const char c = s[i];
        if (!((c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '(' || c == ')' || c == '-' ||
              c == '.' || c == '/'))
            return false;
    }
    return true;
}

inline char *writeDigits(char *p, quint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        p[i] = char('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

inline qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
inline void civilFromDays(qint64 z, qint64 &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = qint64(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += (m <= 2);
}

// "yyyy-MM-ddTHH:mm:ss.zzzZ" (iso) or "yyyy-MM-dd HH:mm:ss" of msecs since the epoch.
char *writeDateTime(char *p, qint64 msecs, bool iso)
{
    const qint64 days = floorDiv(msecs, 86400000);
    const qint64 msOfDay = msecs - days * 86400000;
    qint64 year;
    unsigned month, day;
    civilFromDays(days, year, month, day);
    if (year >= 0 && year <= 9999)
        p = writeDigits(p, quint64(year), 4);
    else
        p = std::to_chars(p, p + 24, year).ptr;
    *p++ = '-';
    p = writeDigits(p, month, 2);
    *p++ = '-';
    p = writeDigits(p, day, 2);
    *p++ = iso ? 'T' : ' ';
    p = writeDigits(p, quint64(msOfDay / 3600000), 2);
    *p++ = ':';
    p = writeDigits(p, quint64(msOfDay / 60000 % 60), 2);
    *p++ = ':';
    p = writeDigits(p, quint64(msOfDay / 1000 % 60), 2);
    if (iso) {
        *p++ = '.';
        p = writeDigits(p, quint64(msOfDay % 1000), 3);
        *p++ = 'Z';
    }
    return p;
}

char *writeDuration(char *p, qint64 seconds)
{
    quint64 magnitude = seconds < 0 ? quint64(0) - quint64(seconds) : quint64(seconds);
    if (seconds < 0)
        *p++ = '-';
    p = std::to_chars(p, p + 24, magnitude / 3600).ptr;
    *p++ = ':';
    p = writeDigits(p, (magnitude / 60) % 60, 2);
    *p++ = ':';
    return writeDigits(p, magnitude % 60, 2);
}

char *writeAmount(char *p, qint64 minorUnits, int decimals)
{
    if (decimals == 0)
        return std::to_chars(p, p + 24, minorUnits).ptr;
    const quint64 magnitude = minorUnits < 0 ? quint64(0) - quint64(minorUnits) : quint64(minorUnits);
    if (minorUnits < 0)
        *p++ = '-';
    p = std::to_chars(p, p + 24, magnitude / 100).ptr;
    *p++ = '.';
    return writeDigits(p, magnitude % 100, 2);
}

// The local UTC offset, cached per quarter hour (time zone transitions fall on those).
class LocalOffsets
{
public:
    qint64 offsetMs(qint64 msecs)
    {
        constexpr qint64 bucketMs = 15 * 60 * 1000;
        const qint64 bucket = floorDiv(msecs, bucketMs);
        if (bucket == m_lastBucket) // rows sorted by time hit this most of the time
            return m_lastOffset;
        auto it = m_cache.find(bucket);
        if (it == m_cache.end()) {
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(bucket * bucketMs, Qt::LocalTime);
            it = m_cache.emplace(bucket, qint64(local.offsetFromUtc()) * 1000).first;
        }
        m_lastBucket = bucket;
        m_lastOffset = it->second;
        return m_lastOffset;
    }

private:
    std::unordered_map<qint64, qint64> m_cache;
    qint64 m_lastBucket = std::numeric_limits<qint64>::min();
    qint64 m_lastOffset = 0;
};

// Per-column state prepared once per export: category cells pre-encoded, currency decimals.
struct ColumnWriter
{
    int column = 0;
    ColumnType type = ColumnType::Text;
    const RecordTable::Column *data = nullptr;
    std::vector<QByteArray> categoryFields; // Category: encoded field per dictionary code
    int currencyColumn = -1; // Money: Category column of the currency
    std::vector<quint8> currencyDecimals; // per code of currencyColumn
    int fixedDecimals = 2;
};

std::vector<ColumnWriter> prepareWriters(const RecordTable &table, const QList<int> &columns)
{
    std::vector<ColumnWriter> writers;
    for (const int column : columns) {
        if (column < 0 || column >= table.columnCount())
            continue;
        ColumnWriter w;
        w.column = column;
        w.type = table.columnType(column);
        w.data = &table.columnData(column);
        if (w.type == ColumnType::Category) {
            for (const std::string &entry : w.data->dict)
                w.categoryFields.push_back(
                        encodedText(QByteArrayView(entry.data(), qsizetype(entry.size()))));
        } else if (w.type == ColumnType::Money) {
            const ColumnSpec &spec = table.schema().column(column);
            w.currencyColumn = table.schema().currencyColumn(column);
            w.fixedDecimals = CellFormat::currencyDecimals(spec.currency);
            if (w.currencyColumn >= 0) {
                for (const QString &code : table.columnData(w.currencyColumn).dictText)
                    w.currencyDecimals.push_back(quint8(CellFormat::currencyDecimals(code)));
            }
        }
        writers.push_back(std::move(w));
    }
    return writers;
}

inline bool isNullBit(const RecordTable::Column &c, int row)
{
    return c.nulls[size_t(row) >> 6] & (quint64(1) << (row & 63));
}

void appendRowsImpl(QByteArray &out, const RecordTable &table, const std::vector<int> &rows, size_t first,
                    size_t last, const std::vector<ColumnWriter> &writers, CsvProfile profile,
                    LocalOffsets &offsets)
{
    const bool spreadsheet = profile == CsvProfile::Spreadsheet;
    constexpr size_t kFixedBound = 48; // any number, date or duration
    // Write through a raw pointer into spare room at the end of `out`, growing it rarely;
    // trimmed to what was written at the end.
    qsizetype used = out.size();
    out.resize(used + qsizetype(last - first) * 96 + 4096);
    for (size_t i = first; i < last; ++i) {
        const int row = rows[i];
        // This row's worst case.
        size_t bound = 2 + writers.size();
        for (const ColumnWriter &w : writers) {
            if (w.type == ColumnType::Text || w.type == ColumnType::Phone)
                bound += textBound(size_t(w.data->spans[size_t(row)] & kLengthMask));
            else if (w.type == ColumnType::Category)
                bound += isNullBit(*w.data, row)
                        ? 0
                        : size_t(w.categoryFields[w.data->codes[size_t(row)]].size());
            else
                bound += kFixedBound;
        }
        if (size_t(out.size() - used) < bound)
            out.resize(qMax(out.size() * 2, used + qsizetype(bound)));
        char *const begin = out.data() + used;
        char *p = begin;
        bool firstField = true;
        for (const ColumnWriter &w : writers) {
            if (!firstField)
                *p++ = ',';
            firstField = false;
            const RecordTable::Column &c = *w.data;
            if (isNullBit(c, row))
                continue;
            switch (w.type) {
            case ColumnType::Integer:
                p = std::to_chars(p, p + kFixedBound, c.ints[size_t(row)]).ptr;
                break;
            case ColumnType::Real:
                if (!std::isnan(c.reals[size_t(row)]))
                    p = std::to_chars(p, p + kFixedBound, c.reals[size_t(row)]).ptr;
                break;
            case ColumnType::Money:
                if (spreadsheet) {
                    int decimals = w.fixedDecimals;
                    if (w.currencyColumn >= 0) {
                        const RecordTable::Column &cc = table.columnData(w.currencyColumn);
                        if (!isNullBit(cc, row))
                            decimals = w.currencyDecimals[cc.codes[size_t(row)]];
                    }
                    p = writeAmount(p, c.ints[size_t(row)], decimals);
                } else {
                    p = std::to_chars(p, p + kFixedBound, c.ints[size_t(row)]).ptr;
                }
                break;
            case ColumnType::DateTime: {
                const qint64 ms = c.ints[size_t(row)];
                p = spreadsheet ? writeDateTime(p, ms + offsets.offsetMs(ms), false)
                                : writeDateTime(p, ms, true);
                break;
            }
            case ColumnType::Duration:
                p = spreadsheet ? writeDuration(p, c.ints[size_t(row)])
                                : std::to_chars(p, p + kFixedBound, c.ints[size_t(row)]).ptr;
                break;
            case ColumnType::Bool:
                if (c.bools[size_t(row)]) {
                    std::memcpy(p, "true", 4);
                    p += 4;
                } else {
                    std::memcpy(p, "false", 5);
                    p += 5;
                }
                break;
            case ColumnType::Category: {
                const QByteArray &field = w.categoryFields[c.codes[size_t(row)]];
                std::memcpy(p, field.constData(), size_t(field.size()));
                p += field.size();
                break;
            }
            case ColumnType::Text:
            case ColumnType::Phone: {
                const quint64 span = c.spans[size_t(row)];
                const char *s = c.arena.data() + (span >> kLengthBits);
                const size_t n = size_t(span & kLengthMask);
                if (w.type == ColumnType::Phone && n > 0) {
                    // Spreadsheets turn +1305... into a number (or a formula) and drop leading
                    // zeros: the spreadsheet profile protects every phone cell; a machine reads
                    // them raw.
                    if (spreadsheet) {
                        p = encodeText(p, s, n, true);
                        break;
                    }
                    if (looksLikePhone(s, n)) {
                        std::memcpy(p, s, n);
                        p += n;
                        break;
                    }
                }
                p = encodeText(p, s, n, false);
                break;
            }
            }
        }
        *p++ = '\r';
        *p++ = '\n';
        used += p - begin;
    }
    out.truncate(used);
}

CsvExportResult failure(const QString &path, StoreStatus::Code code, const QString &message,
                        const QString &detail = {})
{
    CsvExportResult result;
    result.path = path;
    result.status = StoreStatus::failure(code, message, detail);
    return result;
}

// Writes through QSaveFile: the target appears complete (commit) or not at all.
template<typename Producer>
CsvExportResult writeAtomically(const QString &path, qint64 totalRows,
                                const CsvExporter::ProgressFunction &progress, const Producer &produce)
{
    QElapsedTimer timer;
    timer.start();
    QSaveFile file(path);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly))
        return failure(path, StoreStatus::Code::IoError, QStringLiteral("Could not write %1.").arg(path),
                       file.errorString());
    // Owner-only before a single byte is written (QSaveFile copies an existing target's mode).
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        file.cancelWriting();
        return failure(path, StoreStatus::Code::IoError,
                       QStringLiteral("Could not make %1 private to you; nothing was written.").arg(path),
                       file.errorString());
    }
    CsvExportResult result;
    result.path = path;
    QByteArray buffer;
    buffer.reserve(kFlushBytes + (kFlushBytes >> 2));
    const auto flush = [&]() {
        if (buffer.isEmpty())
            return true;
        if (file.write(buffer) != buffer.size())
            return false;
        result.bytes += buffer.size();
        buffer.truncate(0);
        return true;
    };
    // produce(buffer, rowsDone&) appends some rows and returns false when done.
    qint64 rowsDone = 0;
    bool more = true;
    while (more) {
        more = produce(buffer, rowsDone);
        if (buffer.size() >= kFlushBytes || !more) {
            if (!flush()) {
                file.cancelWriting();
                return failure(path, StoreStatus::Code::IoError,
                               QStringLiteral("Could not write %1.").arg(path), file.errorString());
            }
        }
        if (progress && !progress(rowsDone, totalRows)) {
            file.cancelWriting();
            return failure(path, StoreStatus::Code::Cancelled,
                           QStringLiteral("The export was cancelled; %1 was not changed.").arg(path));
        }
    }
    if (!file.commit())
        return failure(path, StoreStatus::Code::IoError, QStringLiteral("Could not write %1.").arg(path),
                       file.errorString());
    result.rows = rowsDone;
    result.elapsedMs = timer.elapsed();
    return result;
}

bool isNumber(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Csv

namespace Csv {

void appendTextField(QByteArray &out, QByteArrayView utf8)
{
    out += encodedText(utf8);
}

void appendTextField(QByteArray &out, QStringView text)
{
    appendTextField(out, QByteArrayView(text.toUtf8()));
}

QByteArray preamble(CsvProfile profile)
{
    return profile == CsvProfile::Spreadsheet ? QByteArray("\xEF\xBB\xBF", 3) : QByteArray();
}

QByteArray headerLine(const RecordSchema &schema, const QList<int> &columns, CsvProfile profile)
{
    QByteArray out;
    bool first = true;
    for (const int column : columns) {
        if (column < 0 || column >= schema.columnCount())
            continue;
        if (!first)
            out += ',';
        first = false;
        const ColumnSpec &spec = schema.column(column);
        appendTextField(out, profile == CsvProfile::Spreadsheet ? spec.title : spec.key);
    }
    out += "\r\n";
    return out;
}

void appendRows(QByteArray &out, const RecordTable &table, const std::vector<int> &rows, size_t first,
                size_t last, const QList<int> &columns, CsvProfile profile)
{
    LocalOffsets offsets;
    appendRowsImpl(out, table, rows, first, qMin(last, rows.size()), prepareWriters(table, columns), profile,
                   offsets);
}

} // namespace Csv

// ---------------------------------------------------------------------------------------------
// CsvExporter

CsvExporter::CsvExporter(QObject *parent) : QObject(parent) { }

CsvExporter::~CsvExporter()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

CsvExportResult CsvExporter::exportTable(const RecordTable &table, const std::vector<int> &rows,
                                         const QList<int> &columns, const QString &path, CsvProfile profile,
                                         const ProgressFunction &progress)
{
    const std::vector<ColumnWriter> writers = prepareWriters(table, columns);
    LocalOffsets offsets;
    bool headerDone = false;
    size_t next = 0;
    return writeAtomically(path, qint64(rows.size()), progress, [&](QByteArray &buffer, qint64 &rowsDone) {
        if (!headerDone) {
            buffer += Csv::preamble(profile);
            buffer += Csv::headerLine(table.schema(), columns, profile);
            headerDone = true;
        }
        const size_t end = qMin(rows.size(), next + kChunkRows);
        appendRowsImpl(buffer, table, rows, next, end, writers, profile, offsets);
        next = end;
        rowsDone = qint64(next);
        return next < rows.size();
    });
}

CsvExportResult CsvExporter::exportModel(const RecordTableModel &model, const QString &path,
                                         CsvProfile profile, const ProgressFunction &progress)
{
    return exportTable(model.table(), model.visibleRows(), model.visibleColumns(), path, profile, progress);
}

CsvExportResult CsvExporter::exportItemModel(const QAbstractItemModel &model, const QList<int> &columns,
                                             const QString &path, CsvProfile profile)
{
    QList<int> cols = columns;
    if (cols.isEmpty()) {
        for (int c = 0; c < model.columnCount(); ++c)
            cols.append(c);
    }
    const int rowCount = model.rowCount();
    int next = -1; // -1: header
    return writeAtomically(path, rowCount, {}, [&](QByteArray &buffer, qint64 &rowsDone) {
        if (next < 0) {
            buffer += Csv::preamble(profile);
            bool first = true;
            for (const int c : std::as_const(cols)) {
                if (!first)
                    buffer += ',';
                first = false;
                Csv::appendTextField(buffer, model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
            }
            buffer += "\r\n";
            next = 0;
        }
        const int end = qMin(rowCount, next + int(kChunkRows));
        for (int r = next; r < end; ++r) {
            bool first = true;
            for (const int c : std::as_const(cols)) {
                if (!first)
                    buffer += ',';
                first = false;
                const QVariant value = model.index(r, c).data(Qt::DisplayRole);
                if (!value.isValid() || value.isNull())
                    continue;
                if (isNumber(value)) {
                    char digits[48];
                    char *end2 = value.metaType().id() == QMetaType::Double ||
                                    value.metaType().id() == QMetaType::Float
                            ? std::to_chars(digits, digits + sizeof digits, value.toDouble()).ptr
                            : std::to_chars(digits, digits + sizeof digits, value.toLongLong()).ptr;
                    buffer.append(digits, end2 - digits);
                } else {
                    Csv::appendTextField(buffer, value.toString());
                }
            }
            buffer += "\r\n";
        }
        next = end;
        rowsDone = next;
        return next < rowCount;
    });
}

bool CsvExporter::start(const RecordTableModel *model, const QString &path, CsvProfile profile)
{
    if (m_running || !model)
        return false;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_running = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    // What the operator sees right now. The snapshot keeps the columns unchanged (the model
    // queues arriving rows) until the worker drops it.
    std::shared_ptr<const RecordTable> snapshot = model->snapshot();
    std::vector<int> rows = model->visibleRows();
    const QList<int> columns = model->visibleColumns();
    const std::shared_ptr<std::atomic_bool> cancelFlag = m_cancel;
    // The destructor waits for the thread, so `this` outlives it.
    m_thread = QThread::create([this, snapshot, rows = std::move(rows), columns, path, profile,
                                cancelFlag]() mutable {
        QElapsedTimer throttle;
        throttle.start();
        const ProgressFunction progressFunction = [&](qint64 done, qint64 total) {
            if (cancelFlag->load())
                return false;
            if (throttle.elapsed() >= 50) {
                throttle.restart();
                QMetaObject::invokeMethod(
                        this, [this, done, total]() { Q_EMIT progress(done, total); }, Qt::QueuedConnection);
            }
            return true;
        };
        const CsvExportResult result = exportTable(*snapshot, rows, columns, path, profile, progressFunction);
        snapshot.reset();
        QMetaObject::invokeMethod(
                this, [this, result]() { finish(result); }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("CsvExporter"));
    m_thread->start();
    return true;
}

void CsvExporter::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void CsvExporter::finish(const CsvExportResult &result)
{
    m_running = false;
    if (result.status.ok())
        Q_EMIT progress(result.rows, result.rows);
    Q_EMIT finished(result);
}
