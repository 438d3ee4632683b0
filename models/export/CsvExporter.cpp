#include "CsvExporter.h"

#include "core/CivilDate.h"
#include "table/CellFormat.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSaveFile>
#include <QThread>
#include <QTimeZone>

#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <future>
#include <limits>
#include <mutex>
#include <numeric>
#include <thread>

namespace {

constexpr qsizetype kFlushBytes = 1 << 20;
constexpr size_t kChunkRows = 4096; // rows per progress step of the item-model path
// Rows one thread encodes per batch: up to 65,536, so that a sorted view's rows, gathered in
// table order, lie close together (about 15 apart at a million rows); smaller exports use
// smaller slices so that several batches still overlap encoding with writing.
constexpr size_t kMinSliceRows = 4096;
constexpr size_t kMaxSliceRows = 65536;

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

// Writes one text field at p; `protect` forces the leading ' (spreadsheet phone cells), and
// without `guard` no formula is neutralised (RFC 4180 quoting only).
char *encodeText(char *p, const char *s, size_t n, bool protect, bool guard = true)
{
    const bool neutralise = protect || (guard && n > 0 && kBytes.formula[static_cast<unsigned char>(s[0])]);
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

// "yyyy-MM-ddTHH:mm:ss.zzzZ" (iso) or "yyyy-MM-dd HH:mm:ss" of msecs since the epoch.
char *writeDateTime(char *p, qint64 msecs, bool iso)
{
    const qint64 days = CivilDate::dayOfMsecs(msecs);
    const qint64 msOfDay = msecs - days * 86400000;
    const auto [year, month, day] = CivilDate::civilFromDays(days);
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

// The local UTC offset of an instant. The system zone's offset is constant between
// transitions: each interval is computed once (QTimeZone) and reused for every row in it, so a
// million rows cost a handful of time zone lookups. Without zone data, 15-minute buckets.
class LocalOffsets
{
public:
    qint64 offsetMs(qint64 msecs)
    {
        if (msecs >= m_last.from && msecs < m_last.to)
            return m_last.offset;
        for (const Interval &interval : m_intervals) {
            if (msecs >= interval.from && msecs < interval.to) {
                m_last = interval;
                return interval.offset;
            }
        }
        m_last = compute(msecs);
        if (m_intervals.size() < 64)
            m_intervals.push_back(m_last);
        return m_last.offset;
    }

private:
    struct Interval
    {
        qint64 from = 0;
        qint64 to = 0; // exclusive
        qint64 offset = 0;
    };

    Interval compute(qint64 msecs) const
    {
        constexpr qint64 kMin = std::numeric_limits<qint64>::min();
        constexpr qint64 kMax = std::numeric_limits<qint64>::max();
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
        if (m_zone.isValid()) {
            Interval interval{kMin, kMax, qint64(m_zone.offsetFromUtc(at)) * 1000};
            if (m_zone.hasTransitions()) {
                const QTimeZone::OffsetData previous = m_zone.previousTransition(at.addMSecs(1));
                const QTimeZone::OffsetData next = m_zone.nextTransition(at);
                if (previous.atUtc.isValid())
                    interval.from = previous.atUtc.toMSecsSinceEpoch();
                if (next.atUtc.isValid())
                    interval.to = next.atUtc.toMSecsSinceEpoch();
            }
            if (interval.from <= msecs && msecs < interval.to)
                return interval;
        }
        constexpr qint64 bucketMs = 15 * 60 * 1000;
        const qint64 from = floorDiv(msecs, bucketMs) * bucketMs;
        return {from, from + bucketMs,
                qint64(QDateTime::fromMSecsSinceEpoch(from, Qt::LocalTime).offsetFromUtc()) * 1000};
    }

    const QTimeZone m_zone = QTimeZone::systemTimeZone();
    Interval m_last{0, 0, 0};
    std::vector<Interval> m_intervals;
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

// Where each row of a slice is read from and written to. Rows come in view order: when sorted by
// another column, a random walk over columns far larger than the caches (and the TLB). The slice
// is gathered in table-row order instead, which walks each column forward, and every value is
// put at its place in small contiguous columns (a cache-resident scatter); the CSV is then
// formatted sequentially from those.
struct GatherPlan
{
    std::vector<int> tableRows; // ascending
    std::vector<int> places; // tableRows[k] goes to gathered row places[k]
};

void planGather(const int *rows, size_t count, GatherPlan &plan)
{
    plan.tableRows.assign(rows, rows + count);
    plan.places.resize(count);
    if (std::is_sorted(rows, rows + count)) {
        std::iota(plan.places.begin(), plan.places.end(), 0);
        return;
    }
    std::vector<quint64> keyed(count); // row << 32 | place: one 8-byte sort key
    for (size_t j = 0; j < count; ++j)
        keyed[j] = (quint64(quint32(rows[j])) << 32) | quint32(j);
    std::sort(keyed.begin(), keyed.end());
    for (size_t k = 0; k < count; ++k) {
        plan.tableRows[k] = int(keyed[k] >> 32);
        plan.places[k] = int(quint32(keyed[k]));
    }
}

void gatherColumn(const RecordTable::Column &src, const GatherPlan &plan, RecordTable::Column &dst)
{
    const size_t count = plan.tableRows.size();
    const int *from = plan.tableRows.data();
    const int *to = plan.places.data();
    dst.type = src.type;
    dst.nulls.assign((count + 63) / 64, 0);
    for (size_t k = 0; k < count; ++k) {
        if (isNullBit(src, from[k]))
            dst.nulls[size_t(to[k]) >> 6] |= quint64(1) << (to[k] & 63);
    }
    switch (src.type) {
    case ColumnType::Real:
        dst.reals.resize(count);
        for (size_t k = 0; k < count; ++k)
            dst.reals[size_t(to[k])] = src.reals[size_t(from[k])];
        break;
    case ColumnType::Bool:
        dst.bools.resize(count);
        for (size_t k = 0; k < count; ++k)
            dst.bools[size_t(to[k])] = src.bools[size_t(from[k])];
        break;
    case ColumnType::Category:
        dst.codes.resize(count);
        for (size_t k = 0; k < count; ++k)
            dst.codes[size_t(to[k])] = src.codes[size_t(from[k])];
        break;
    case ColumnType::Text:
    case ColumnType::Phone: {
        // The bytes are copied in table-row order too (the arena is filled in that order).
        dst.spans.resize(count);
        dst.arena.clear();
        for (size_t k = 0; k < count; ++k) {
            const quint64 span = src.spans[size_t(from[k])];
            dst.spans[size_t(to[k])] = dst.arena.append(src.arena.data(span), TextArena::length(span));
        }
        break;
    }
    default:
        dst.ints.resize(count);
        for (size_t k = 0; k < count; ++k)
            dst.ints[size_t(to[k])] = src.ints[size_t(from[k])];
        break;
    }
}

void appendRowsImpl(QByteArray &out, const RecordTable &table, const std::vector<int> &rows, size_t first,
                    size_t last, const std::vector<ColumnWriter> &writers, CsvProfile profile,
                    LocalOffsets &offsets)
{
    const bool spreadsheet = profile == CsvProfile::Spreadsheet;
    constexpr size_t kFixedBound = 48; // any number, date or duration
    constexpr size_t kGatherRows = kMaxSliceRows;
    GatherPlan plan;
    std::vector<RecordTable::Column> gathered(writers.size());
    std::vector<RecordTable::Column> currencies(writers.size());
    // Write through a raw pointer into spare room at the end of `out`, growing it rarely;
    // trimmed to what was written at the end.
    qsizetype used = out.size();
    out.resize(used + qsizetype(last - first) * 96 + 4096);
    for (size_t chunk = first; chunk < last; chunk += kGatherRows) {
        const size_t count = qMin(last - chunk, kGatherRows);
        planGather(rows.data() + chunk, count, plan);
        for (size_t w = 0; w < writers.size(); ++w) {
            gatherColumn(*writers[w].data, plan, gathered[w]);
            if (writers[w].currencyColumn >= 0)
                gatherColumn(table.columnData(writers[w].currencyColumn), plan, currencies[w]);
        }
        for (size_t j = 0; j < count; ++j) {
            const int row = int(j); // in the gathered columns
            // This row's worst case.
            size_t bound = 2 + writers.size();
            for (size_t w = 0; w < writers.size(); ++w) {
                const RecordTable::Column &c = gathered[w];
                if (c.type == ColumnType::Text || c.type == ColumnType::Phone)
                    bound += textBound(TextArena::length(c.spans[j]));
                else if (c.type == ColumnType::Category)
                    bound += isNullBit(c, row) ? 0 : size_t(writers[w].categoryFields[c.codes[j]].size());
                else
                    bound += kFixedBound;
            }
            if (size_t(out.size() - used) < bound)
                out.resize(qMax(out.size() * 2, used + qsizetype(bound)));
            char *const begin = out.data() + used;
            char *p = begin;
            bool firstField = true;
            for (size_t wi = 0; wi < writers.size(); ++wi) {
                const ColumnWriter &w = writers[wi];
                if (!firstField)
                    *p++ = ',';
                firstField = false;
                const RecordTable::Column &c = gathered[wi];
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
                            const RecordTable::Column &cc = currencies[wi];
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
                    const QByteArrayView cell = c.textAt(row);
                    const char *s = cell.data();
                    const size_t n = size_t(cell.size());
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

// Writes through AtomicFileWriter: the target appears complete or not at all.
template<typename Producer>
CsvExportResult writeAtomically(const QString &path, qint64 totalRows,
                                const CsvExporter::ProgressFunction &progress, const Producer &produce)
{
    QElapsedTimer timer;
    timer.start();
    AtomicFileWriter file(path);
    if (StoreStatus opened = file.open(); !opened) {
        CsvExportResult result;
        result.path = path;
        result.status = opened;
        return result;
    }
    CsvExportResult result;
    result.path = path;
    QByteArray buffer;
    buffer.reserve(kFlushBytes + (kFlushBytes >> 2));
    // produce(buffer, rowsDone&) appends some rows and returns false when done.
    qint64 rowsDone = 0;
    bool more = true;
    while (more) {
        more = produce(buffer, rowsDone);
        if (buffer.size() >= kFlushBytes || !more) {
            if (!file.write(buffer))
                break; // commit() reports it
            buffer.truncate(0);
        }
        if (progress && !progress(rowsDone, totalRows)) {
            file.discard();
            return failure(path, StoreStatus::Code::Cancelled,
                           QStringLiteral("The export was cancelled; %1 was not changed.").arg(path));
        }
    }
    if (StoreStatus committed = file.commit(); !committed) {
        result.status = committed;
        return result;
    }
    result.bytes = file.bytesWritten();
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

void appendDataField(QByteArray &out, QByteArrayView utf8)
{
    const qsizetype at = out.size();
    out.resize(at + qsizetype(textBound(size_t(utf8.size()))));
    char *end = encodeText(out.data() + at, utf8.data(), size_t(utf8.size()), false, false);
    out.truncate(end - out.data());
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
// AtomicFileWriter

AtomicFileWriter::AtomicFileWriter(const QString &path) : m_path(path), m_file(path)
{
    m_file.setDirectWriteFallback(false);
}

AtomicFileWriter::~AtomicFileWriter()
{
    discard();
}

StoreStatus AtomicFileWriter::open()
{
    if (!m_file.open(QIODevice::WriteOnly))
        return StoreStatus::failure(StoreStatus::Code::IoError,
                                    QStringLiteral("Could not write %1.").arg(m_path), m_file.errorString());
    // Owner-only before a single byte is written (QSaveFile copies an existing target's mode).
    if (!m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        const QString detail = m_file.errorString();
        m_file.cancelWriting();
        m_file.commit(); // removes the temporary file
        return StoreStatus::failure(
                StoreStatus::Code::IoError,
                QStringLiteral("Could not make %1 private to you; nothing was written.").arg(m_path), detail);
    }
    m_open = true;
    return {};
}

bool AtomicFileWriter::write(QByteArrayView bytes)
{
    if (!m_open)
        return false;
    if (bytes.isEmpty())
        return true;
    if (m_file.write(bytes.data(), bytes.size()) != bytes.size())
        return false;
    m_bytes += bytes.size();
    return true;
}

StoreStatus AtomicFileWriter::commit()
{
    if (!m_open)
        return StoreStatus::failure(StoreStatus::Code::IoError,
                                    QStringLiteral("Could not write %1.").arg(m_path));
    m_open = false;
    if (!m_file.commit())
        return StoreStatus::failure(StoreStatus::Code::IoError,
                                    QStringLiteral("Could not write %1.").arg(m_path), m_file.errorString());
    return {};
}

void AtomicFileWriter::discard()
{
    if (!m_open)
        return;
    m_open = false;
    m_file.cancelWriting();
    m_file.commit(); // with writing cancelled: removes the temporary file, leaves the target as it was
}

// ---------------------------------------------------------------------------------------------
// CsvExporter

// The worker's last step, between writing and committing, waits here until the GUI thread has
// handled what was queued before that moment (a Cancel among it) or the export is cancelled.
class CsvExporter::CommitGate
{
public:
    void release()
    {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_released = true;
        }
        m_releasedChanged.notify_all();
    }
    void wait()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_releasedChanged.wait(lock, [this] { return m_released; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_releasedChanged;
    bool m_released = false;
};

CsvExporter::CsvExporter(QObject *parent) : QObject(parent) { }

CsvExporter::~CsvExporter()
{
    cancel();
    m_worker.stop();
}

CsvExportResult CsvExporter::exportTable(const RecordTable &table, const std::vector<int> &rows,
                                         const QList<int> &columns, const QString &path, CsvProfile profile,
                                         const ProgressFunction &progress)
{
    const std::vector<ColumnWriter> writers = prepareWriters(table, columns);
    // Encoding only reads the table: big exports encode slices on a few plain threads, and the
    // next batch is encoded while the previous one is written. Each thread keeps its own time
    // zone cache (slice i of every batch runs with cache i).
    const size_t threads =
            rows.size() < 4 * kMinSliceRows ? 1 : size_t(qBound(1, QThread::idealThreadCount(), 4));
    const size_t sliceRows = qBound(kMinSliceRows, rows.size() / (threads * 4), kMaxSliceRows);
    std::vector<LocalOffsets> offsets(threads);
    const auto encodeBatch = [&](size_t batchStart) {
        std::vector<QByteArray> slices(threads);
        const auto encode = [&](size_t slice) {
            const size_t from = qMin(rows.size(), batchStart + slice * sliceRows);
            const size_t to = qMin(rows.size(), from + sliceRows);
            appendRowsImpl(slices[slice], table, rows, from, to, writers, profile, offsets[slice]);
        };
        std::vector<std::thread> workers;
        for (size_t t = 1; t < threads; ++t)
            workers.emplace_back(encode, t);
        encode(0);
        for (std::thread &w : workers)
            w.join();
        QByteArray batch = std::move(slices[0]);
        for (size_t t = 1; t < threads; ++t)
            batch += slices[t];
        return batch;
    };
    const size_t batchRows = threads * sliceRows;
    std::future<QByteArray> pending; // the batch starting at `next`
    size_t next = 0;
    bool headerDone = false;
    return writeAtomically(path, qint64(rows.size()), progress, [&](QByteArray &buffer, qint64 &rowsDone) {
        if (!headerDone) {
            buffer += Csv::preamble(profile);
            buffer += Csv::headerLine(table.schema(), columns, profile);
            headerDone = true;
            pending = std::async(std::launch::async, encodeBatch, size_t(0));
        }
        if (rows.empty())
            return false;
        buffer += pending.get();
        next = qMin(rows.size(), next + batchRows);
        rowsDone = qint64(next);
        if (next < rows.size())
            pending = std::async(std::launch::async, encodeBatch, next); // overlaps the write
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
    m_running = true;
    // What the operator sees right now. The snapshot keeps the columns unchanged (the model
    // queues arriving rows) until the worker drops it.
    std::shared_ptr<const RecordTable> snapshot = model->snapshot();
    std::vector<int> rows = model->visibleRows();
    const QList<int> columns = model->visibleColumns();
    auto gate = std::make_shared<CommitGate>();
    m_gate = gate;
    // The destructor waits for the thread, so `this` outlives it.
    m_worker.start(QStringLiteral("CsvExporter"),
                   [this, snapshot, rows = std::move(rows), columns, path, profile,
                    gate](const std::shared_ptr<std::atomic_bool> &cancelFlag) mutable {
                       QElapsedTimer throttle;
                       throttle.start();
                       const ProgressFunction progressFunction = [&](qint64 done, qint64 total) {
                           if (cancelFlag->load())
                               return false;
                           if (done >= total) { // everything is written; the commit follows
                               QMetaObject::invokeMethod(
                                       this, [gate] { gate->release(); }, Qt::QueuedConnection);
                               gate->wait();
                               return !cancelFlag->load();
                           }
                           if (throttle.elapsed() >= 50) {
                               throttle.restart();
                               QMetaObject::invokeMethod(
                                       this, [this, done, total]() { Q_EMIT progress(done, total); },
                                       Qt::QueuedConnection);
                           }
                           return true;
                       };
                       const CsvExportResult result =
                               exportTable(*snapshot, rows, columns, path, profile, progressFunction);
                       snapshot.reset();
                       QMetaObject::invokeMethod(
                               this, [this, result]() { finish(result); }, Qt::QueuedConnection);
                   });
    return true;
}

void CsvExporter::cancel()
{
    m_worker.cancel();
    if (m_gate)
        m_gate->release();
}

void CsvExporter::finish(const CsvExportResult &result)
{
    m_running = false;
    if (result.status.ok())
        Q_EMIT progress(result.rows, result.rows);
    Q_EMIT finished(result);
}
