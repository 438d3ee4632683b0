#include "RecordTable.h"

#include "core/Iso8601.h"

#include <QCollator>
#include <QDateTime>

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>

// ---------------------------------------------------------------------------------------------
// ColumnSpec / RecordSchema

ColumnSpec ColumnSpec::make(ColumnType type, const QString &key, const QString &title)
{
    ColumnSpec spec;
    spec.type = type;
    spec.key = key;
    spec.title = title;
    spec.searchable = spec.isTextual();
    return spec;
}

RecordSchema::RecordSchema(QList<ColumnSpec> columns, const QString &idKey) : m_columns(std::move(columns))
{
    m_idColumn = idKey.isEmpty() ? -1 : indexOf(idKey);
    Q_ASSERT_X(idKey.isEmpty() || m_idColumn >= 0, "RecordSchema", "unknown id column");
    Q_ASSERT(m_idColumn < 0 || m_columns.at(m_idColumn).type == ColumnType::Integer ||
             m_columns.at(m_idColumn).type == ColumnType::Text ||
             m_columns.at(m_idColumn).type == ColumnType::Phone);
    m_currencyColumns.reserve(m_columns.size());
    for (const ColumnSpec &spec : std::as_const(m_columns)) {
        int currency = -1;
        if (spec.type == ColumnType::Money && !spec.currencyKey.isEmpty()) {
            currency = indexOf(spec.currencyKey);
            Q_ASSERT_X(currency >= 0 && m_columns.at(currency).type == ColumnType::Category, "RecordSchema",
                       "a Money column's currencyKey must name a Category column");
        }
        m_currencyColumns.append(currency);
    }
}

int RecordSchema::indexOf(QStringView key) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).key == key)
            return i;
    }
    return -1;
}

QList<int> RecordSchema::defaultVisibleColumns() const
{
    QList<int> result;
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).visible)
            result.append(i);
    }
    return result;
}

QList<int> RecordSchema::searchableColumns() const
{
    QList<int> result;
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).searchable && m_columns.at(i).isTextual())
            result.append(i);
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// RecordTable

namespace {

inline quint64 mix64(quint64 x)
{
    // splitmix64 finaliser: good spread for sequential integer ids.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

inline quint64 hashBytes(QByteArrayView bytes)
{
    return mix64(std::hash<std::string_view>{}(std::string_view(bytes.data(), size_t(bytes.size()))));
}

bool isIntegerStorage(ColumnType type)
{
    return type == ColumnType::Integer || type == ColumnType::Money || type == ColumnType::DateTime ||
            type == ColumnType::Duration;
}

} // namespace

RecordTable::RecordTable(const RecordSchema &schema) : m_schema(schema)
{
    m_columns.resize(size_t(schema.columnCount()));
    for (int i = 0; i < schema.columnCount(); ++i)
        m_columns[size_t(i)].type = schema.column(i).type;
}

RecordTable::RecordTable(const RecordTable &other)
    : m_schema(other.m_schema),
      m_columns(other.m_columns),
      m_rowCount(other.m_rowCount),
      m_idSlots(other.m_idSlots),
      m_oldSlots(other.m_oldSlots),
      m_migratedSlots(other.m_migratedSlots),
      m_idHashes(other.m_idHashes),
      m_idCount(other.m_idCount),
      m_indexedRows(other.m_indexedRows)
{
    // The dictionary index holds views into the copied strings: rebuild it over ours.
    for (Column &c : m_columns) {
        c.dictIndex.clear();
        for (size_t code = 0; code < c.dict.size(); ++code)
            c.dictIndex.emplace(std::string_view(c.dict[code]), quint32(code));
    }
}

RecordTable &RecordTable::operator=(const RecordTable &other)
{
    if (this != &other) {
        RecordTable copy(other);
        *this = std::move(copy);
    }
    return *this;
}

RecordTable::RecordTable(RecordTable &&other) noexcept = default;
RecordTable &RecordTable::operator=(RecordTable &&other) noexcept = default;
RecordTable::~RecordTable() = default;

void RecordTable::reserve(int rows)
{
    const size_t n = size_t(qMax(rows, 0));
    for (Column &c : m_columns) {
        switch (c.type) {
        case ColumnType::Integer:
        case ColumnType::Money:
        case ColumnType::DateTime:
        case ColumnType::Duration:
            c.ints.reserve(n);
            break;
        case ColumnType::Real:
            c.reals.reserve(n);
            break;
        case ColumnType::Bool:
            c.bools.reserve(n);
            break;
        case ColumnType::Category:
            c.codes.reserve(n);
            break;
        case ColumnType::Text:
        case ColumnType::Phone:
            c.spans.reserve(n);
            break;
        }
        c.nulls.reserve((n + 63) / 64);
    }
}

void RecordTable::clear()
{
    for (Column &c : m_columns) {
        const ColumnType type = c.type;
        c = Column();
        c.type = type;
    }
    m_rowCount = 0;
    m_idSlots.clear();
    m_oldSlots.clear();
    m_migratedSlots = 0;
    m_idHashes.clear();
    m_idCount = 0;
    m_indexedRows = 0;
}

int RecordTable::appendRow()
{
    const int row = m_rowCount++;
    for (Column &c : m_columns) {
        switch (c.type) {
        case ColumnType::Integer:
        case ColumnType::Money:
        case ColumnType::DateTime:
        case ColumnType::Duration:
            c.ints.push_back(0);
            break;
        case ColumnType::Real:
            c.reals.push_back(0.0);
            break;
        case ColumnType::Bool:
            c.bools.push_back(0);
            break;
        case ColumnType::Category:
            c.codes.push_back(0);
            break;
        case ColumnType::Text:
        case ColumnType::Phone:
            c.spans.push_back(0);
            break;
        }
        if ((size_t(row) >> 6) >= c.nulls.size())
            c.nulls.push_back(0);
        c.nulls[size_t(row) >> 6] |= quint64(1) << (row & 63);
    }
    return row;
}

void RecordTable::setNullBit(Column &c, int row, bool null)
{
    const quint64 bit = quint64(1) << (row & 63);
    if (null)
        c.nulls[size_t(row) >> 6] |= bit;
    else
        c.nulls[size_t(row) >> 6] &= ~bit;
}

void RecordTable::setNull(int row, int column)
{
    Column &c = m_columns[size_t(column)];
    if ((c.type == ColumnType::Text || c.type == ColumnType::Phone) && !isNull(row, column))
        c.garbage += TextArena::length(c.spans[size_t(row)]);
    setNullBit(c, row, true);
}

void RecordTable::setInteger(int row, int column, qint64 value)
{
    Column &c = m_columns[size_t(column)];
    Q_ASSERT(isIntegerStorage(c.type));
    c.ints[size_t(row)] = value;
    setNullBit(c, row, false);
}

void RecordTable::setReal(int row, int column, double value)
{
    Column &c = m_columns[size_t(column)];
    Q_ASSERT(c.type == ColumnType::Real);
    c.reals[size_t(row)] = value;
    setNullBit(c, row, false);
}

void RecordTable::setMoney(int row, int column, qint64 minorUnits)
{
    setInteger(row, column, minorUnits);
}

void RecordTable::setDateTime(int row, int column, qint64 msecsSinceEpochUtc)
{
    setInteger(row, column, msecsSinceEpochUtc);
}

void RecordTable::setDuration(int row, int column, qint64 seconds)
{
    setInteger(row, column, seconds);
}

void RecordTable::setBool(int row, int column, bool value)
{
    Column &c = m_columns[size_t(column)];
    Q_ASSERT(c.type == ColumnType::Bool);
    c.bools[size_t(row)] = value ? 1 : 0;
    setNullBit(c, row, false);
}

quint32 RecordTable::internCategory(Column &c, std::string_view utf8)
{
    const auto it = c.dictIndex.find(utf8);
    if (it != c.dictIndex.end())
        return it->second;
    const quint32 code = quint32(c.dict.size());
    c.dict.emplace_back(utf8);
    c.dictText.push_back(QString::fromUtf8(c.dict.back().data(), qsizetype(c.dict.back().size())));
    c.dictIndex.emplace(std::string_view(c.dict.back()), code);
    return code;
}

void RecordTable::storeText(Column &c, int row, QByteArrayView utf8)
{
    const size_t length = size_t(qMin<qsizetype>(utf8.size(), kMaxTextLength));
    quint64 &span = c.spans[size_t(row)];
    if (!c.isNull(row))
        c.garbage += TextArena::length(span);
    span = c.arena.append(utf8.data(), length);
}

void RecordTable::setTextUtf8(int row, int column, QByteArrayView utf8)
{
    Column &c = m_columns[size_t(column)];
    if (c.type == ColumnType::Category) {
        c.codes[size_t(row)] = internCategory(c, std::string_view(utf8.data(), size_t(utf8.size())));
    } else {
        Q_ASSERT(c.type == ColumnType::Text || c.type == ColumnType::Phone);
        storeText(c, row, utf8);
    }
    setNullBit(c, row, false);
}

void RecordTable::setText(int row, int column, QStringView text)
{
    // Small strings convert on the stack-free fast path of toUtf8(); this is not the bulk path
    // (the loader hands UTF-8 straight to setTextUtf8).
    const QByteArray utf8 = text.toUtf8();
    setTextUtf8(row, column, utf8);
}

void RecordTable::setValue(int row, int column, const QVariant &value)
{
    if (!value.isValid() || value.isNull()) {
        setNull(row, column);
        return;
    }
    switch (columnType(column)) {
    case ColumnType::Integer:
    case ColumnType::Money:
    case ColumnType::Duration:
        setInteger(row, column, value.toLongLong());
        break;
    case ColumnType::Real:
        setReal(row, column, value.toDouble());
        break;
    case ColumnType::Bool:
        setBool(row, column, value.toBool());
        break;
    case ColumnType::DateTime: {
        if (value.metaType().id() == QMetaType::QDateTime) {
            setDateTime(row, column, value.toDateTime().toMSecsSinceEpoch());
        } else if (value.metaType().id() == QMetaType::QString) {
            if (const std::optional<qint64> msecs = Iso8601::toMsecs(value.toString()))
                setDateTime(row, column, *msecs);
            else
                setNull(row, column);
        } else {
            setDateTime(row, column, value.toLongLong());
        }
        break;
    }
    case ColumnType::Text:
    case ColumnType::Phone:
    case ColumnType::Category:
        setText(row, column, value.toString());
        break;
    }
}

bool RecordTable::isNull(int row, int column) const
{
    const Column &c = m_columns[size_t(column)];
    return c.nulls[size_t(row) >> 6] & (quint64(1) << (row & 63));
}

qint64 RecordTable::integer(int row, int column) const
{
    const Column &c = m_columns[size_t(column)];
    if (isNull(row, column))
        return 0;
    switch (c.type) {
    case ColumnType::Bool:
        return c.bools[size_t(row)];
    case ColumnType::Category:
        return c.codes[size_t(row)];
    case ColumnType::Real:
        return qint64(c.reals[size_t(row)]);
    case ColumnType::Text:
    case ColumnType::Phone:
        return 0;
    default:
        return c.ints[size_t(row)];
    }
}

double RecordTable::real(int row, int column) const
{
    const Column &c = m_columns[size_t(column)];
    if (isNull(row, column))
        return 0.0;
    if (c.type == ColumnType::Real)
        return c.reals[size_t(row)];
    return double(integer(row, column));
}

QByteArrayView RecordTable::utf8(int row, int column) const
{
    const Column &c = m_columns[size_t(column)];
    if (isNull(row, column))
        return {};
    if (c.type == ColumnType::Category) {
        const std::string &s = c.dict[c.codes[size_t(row)]];
        return QByteArrayView(s.data(), qsizetype(s.size()));
    }
    if (c.type != ColumnType::Text && c.type != ColumnType::Phone)
        return {};
    return c.textAt(row);
}

QString RecordTable::text(int row, int column) const
{
    const Column &c = m_columns[size_t(column)];
    if (c.type == ColumnType::Category)
        return isNull(row, column) ? QString() : c.dictText[c.codes[size_t(row)]];
    const QByteArrayView bytes = utf8(row, column);
    return QString::fromUtf8(bytes.data(), bytes.size());
}

QString RecordTable::currency(int row, int moneyColumn) const
{
    const int currencyColumn = m_schema.currencyColumn(moneyColumn);
    if (currencyColumn >= 0)
        return text(row, currencyColumn);
    return m_schema.column(moneyColumn).currency;
}

QVariant RecordTable::value(int row, int column) const
{
    if (isNull(row, column))
        return {};
    const Column &c = m_columns[size_t(column)];
    switch (c.type) {
    case ColumnType::Integer:
    case ColumnType::Money:
    case ColumnType::Duration:
        return QVariant::fromValue<qint64>(c.ints[size_t(row)]);
    case ColumnType::DateTime:
        return QDateTime::fromMSecsSinceEpoch(c.ints[size_t(row)], Qt::UTC);
    case ColumnType::Real:
        return c.reals[size_t(row)];
    case ColumnType::Bool:
        return bool(c.bools[size_t(row)]);
    case ColumnType::Text:
    case ColumnType::Phone:
    case ColumnType::Category:
        return text(row, column);
    }
    return {};
}

int RecordTable::categoryCount(int column) const
{
    return int(m_columns[size_t(column)].dict.size());
}

QString RecordTable::categoryText(int column, quint32 code) const
{
    return m_columns[size_t(column)].dictText[code];
}

QByteArrayView RecordTable::categoryUtf8(int column, quint32 code) const
{
    const std::string &s = m_columns[size_t(column)].dict[code];
    return QByteArrayView(s.data(), qsizetype(s.size()));
}

QStringList RecordTable::categoryValues(int column) const
{
    const Column &c = m_columns[size_t(column)];
    std::vector<bool> used(c.dict.size(), false);
    for (int row = 0; row < m_rowCount; ++row) {
        if (!isNull(row, column))
            used[c.codes[size_t(row)]] = true;
    }
    QStringList values;
    for (size_t code = 0; code < used.size(); ++code) {
        if (used[code])
            values.append(c.dictText[code]);
    }
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(values.begin(), values.end(), collator);
    return values;
}

qint64 RecordTable::findCategory(int column, QByteArrayView utf8) const
{
    const Column &c = m_columns[size_t(column)];
    const auto it = c.dictIndex.find(std::string_view(utf8.data(), size_t(utf8.size())));
    return it == c.dictIndex.end() ? -1 : qint64(it->second);
}

// --- id index ---------------------------------------------------------------------------------

quint64 RecordTable::hashId(int row) const
{
    const int idColumn = m_schema.idColumn();
    if (columnType(idColumn) == ColumnType::Integer)
        return mix64(quint64(m_columns[size_t(idColumn)].ints[size_t(row)]));
    return hashBytes(utf8(row, idColumn));
}

int RecordTable::probe(const std::vector<qint32> &slots, quint64 hash, qint64 intId,
                       QByteArrayView textId) const
{
    if (slots.empty())
        return -1;
    const int idColumn = m_schema.idColumn();
    const bool integerId = columnType(idColumn) == ColumnType::Integer;
    const size_t mask = slots.size() - 1;
    for (size_t slot = size_t(quint32(hash)) & mask;; slot = (slot + 1) & mask) {
        const qint32 entry = slots[slot];
        if (entry == 0)
            return -1;
        const int row = entry - 1;
        if (m_idHashes[size_t(row)] != quint32(hash))
            continue;
        if (integerId) {
            if (m_columns[size_t(idColumn)].ints[size_t(row)] == intId)
                return row;
        } else if (utf8(row, idColumn) == textId) {
            return row;
        }
    }
}

int RecordTable::indexFind(quint64 hash, qint64 intId, QByteArrayView textId) const
{
    const int row = probe(m_idSlots, hash, intId, textId);
    if (row >= 0 || m_oldSlots.empty())
        return row;
    return probe(m_oldSlots, hash, intId, textId);
}

void RecordTable::placeInIndex(int row)
{
    const size_t mask = m_idSlots.size() - 1;
    size_t slot = size_t(m_idHashes[size_t(row)]) & mask;
    while (m_idSlots[slot] != 0)
        slot = (slot + 1) & mask;
    m_idSlots[slot] = row + 1;
}

void RecordTable::migrateIndex(size_t steps)
{
    while (steps-- > 0 && !m_oldSlots.empty()) {
        const qint32 entry = m_oldSlots[m_migratedSlots++];
        if (entry != 0)
            placeInIndex(entry - 1);
        if (m_migratedSlots == m_oldSlots.size()) {
            m_oldSlots = std::vector<qint32>();
            m_migratedSlots = 0;
        }
    }
}

void RecordTable::indexInsert(int row, bool knownNew)
{
    // Called for row == m_indexedRows - 1, rows in order.
    const int idColumn = m_schema.idColumn();
    if (m_idHashes.size() <= size_t(row))
        m_idHashes.resize(size_t(row) + 1, 0);
    if (isNull(row, idColumn))
        return;
    const quint64 hash = hashId(row);
    m_idHashes[size_t(row)] = quint32(hash);
    const bool integerId = columnType(idColumn) == ColumnType::Integer;
    const int existing = knownNew
            ? -1
            : indexFind(hash, integerId ? m_columns[size_t(idColumn)].ints[size_t(row)] : 0,
                        integerId ? QByteArrayView() : utf8(row, idColumn));
    if (existing == row)
        return;
    if (existing >= 0) {
        // A duplicate appended directly (not merged): the later row wins.
        migrateIndex(std::numeric_limits<size_t>::max());
        const size_t mask = m_idSlots.size() - 1;
        size_t slot = size_t(quint32(hash)) & mask;
        while (m_idSlots[slot] != existing + 1)
            slot = (slot + 1) & mask;
        m_idSlots[slot] = row + 1;
        return;
    }
    // Keep the load factor under 1/2 so probes stay short. Growing moves the entries over a
    // few at a time with later inserts (lookups check both tables meanwhile), so no single
    // batch pays for rehashing a million ids.
    if ((m_idCount + 1) * 2 > m_idSlots.size()) {
        migrateIndex(std::numeric_limits<size_t>::max());
        size_t capacity = 1024;
        while (capacity < (m_idCount + 1) * 4)
            capacity *= 2;
        m_oldSlots = std::move(m_idSlots);
        m_migratedSlots = 0;
        m_idSlots.assign(capacity, 0);
    }
    placeInIndex(row);
    ++m_idCount;
    migrateIndex(8);
}

void RecordTable::ensureIndexed() const
{
    if (m_schema.idColumn() < 0)
        return;
    auto *self = const_cast<RecordTable *>(this);
    while (self->m_indexedRows < m_rowCount) {
        const int row = self->m_indexedRows++;
        self->indexInsert(row);
    }
}

int RecordTable::findRow(qint64 id) const
{
    const int idColumn = m_schema.idColumn();
    if (idColumn < 0 || columnType(idColumn) != ColumnType::Integer)
        return -1;
    ensureIndexed();
    return indexFind(mix64(quint64(id)), id, {});
}

int RecordTable::findRow(QByteArrayView utf8Id) const
{
    const int idColumn = m_schema.idColumn();
    if (idColumn < 0 || columnType(idColumn) == ColumnType::Integer)
        return -1;
    ensureIndexed();
    return indexFind(hashBytes(utf8Id), 0, utf8Id);
}

int RecordTable::findRow(QStringView id) const
{
    const QByteArray utf8Id = id.toUtf8();
    return findRow(QByteArrayView(utf8Id));
}

// --- merge ------------------------------------------------------------------------------------

void RecordTable::compactArena(Column &c)
{
    TextArena arena;
    for (int row = 0; row < m_rowCount; ++row) {
        if (c.isNull(row))
            continue;
        const QByteArrayView bytes = c.textAt(row);
        c.spans[size_t(row)] = arena.append(bytes.data(), size_t(bytes.size()));
    }
    c.arena = std::move(arena);
    c.garbage = 0;
}

RecordTable::MergeResult RecordTable::merge(const RecordTable &batch)
{
    Q_ASSERT(batch.columnCount() == columnCount());
    MergeResult result;
    result.firstAppended = m_rowCount;
    const int idColumn = m_schema.idColumn();
    if (idColumn >= 0)
        ensureIndexed();

    // Batch dictionary code -> our code, once per category column.
    std::vector<std::vector<quint32>> codeMaps(m_columns.size());
    for (size_t col = 0; col < m_columns.size(); ++col) {
        if (m_columns[col].type != ColumnType::Category)
            continue;
        const Column &from = batch.m_columns[col];
        codeMaps[col].reserve(from.dict.size());
        for (const std::string &entry : from.dict)
            codeMaps[col].push_back(internCategory(m_columns[col], entry));
    }

    if (m_rowCount == 0 && batch.m_rowCount > 0)
        reserve(batch.m_rowCount);
    const int batchRows = batch.m_rowCount;
    const bool integerId = idColumn >= 0 && columnType(idColumn) == ColumnType::Integer;
    for (int b = 0; b < batchRows; ++b) {
        int target = -1;
        if (idColumn >= 0 && !batch.isNull(b, idColumn)) {
            if (integerId) {
                const qint64 id = batch.m_columns[size_t(idColumn)].ints[size_t(b)];
                target = indexFind(mix64(quint64(id)), id, {});
            } else {
                const QByteArrayView id = batch.utf8(b, idColumn);
                target = indexFind(hashBytes(id), 0, id);
            }
        }
        const bool appended = target < 0;
        if (appended)
            target = appendRow();
        else if (target < result.firstAppended)
            result.updated.push_back(target);

        for (size_t col = 0; col < m_columns.size(); ++col) {
            Column &c = m_columns[col];
            const Column &from = batch.m_columns[col];
            const bool null = from.nulls[size_t(b) >> 6] & (quint64(1) << (b & 63));
            if (null) {
                if (!appended)
                    setNull(target, int(col));
                continue;
            }
            switch (c.type) {
            case ColumnType::Integer:
            case ColumnType::Money:
            case ColumnType::DateTime:
            case ColumnType::Duration:
                c.ints[size_t(target)] = from.ints[size_t(b)];
                break;
            case ColumnType::Real:
                c.reals[size_t(target)] = from.reals[size_t(b)];
                break;
            case ColumnType::Bool:
                c.bools[size_t(target)] = from.bools[size_t(b)];
                break;
            case ColumnType::Category:
                c.codes[size_t(target)] = codeMaps[col][from.codes[size_t(b)]];
                break;
            case ColumnType::Text:
            case ColumnType::Phone:
                storeText(c, target, from.textAt(b));
                break;
            }
            setNullBit(c, target, false);
        }
        if (appended && idColumn >= 0) {
            m_indexedRows = target + 1;
            indexInsert(target, true); // we just looked its id up: it is new
        }
    }
    result.appended = m_rowCount - result.firstAppended;
    std::sort(result.updated.begin(), result.updated.end());
    result.updated.erase(std::unique(result.updated.begin(), result.updated.end()), result.updated.end());

    for (Column &c : m_columns) {
        if ((c.type == ColumnType::Text || c.type == ColumnType::Phone) && c.garbage > (size_t(1) << 20) &&
            c.garbage * 2 > c.arena.bytes())
            compactArena(c);
    }
    return result;
}

size_t RecordTable::memoryUsage() const
{
    size_t bytes = sizeof(*this) + (m_idSlots.capacity() + m_oldSlots.capacity()) * sizeof(qint32) +
            m_idHashes.capacity() * sizeof(quint32);
    for (const Column &c : m_columns) {
        bytes += sizeof(Column);
        bytes += c.ints.memoryBytes() + c.reals.memoryBytes() + c.bools.memoryBytes() +
                c.codes.memoryBytes() + c.spans.memoryBytes() + c.arena.memoryBytes() +
                c.nulls.capacity() * sizeof(quint64);
        for (size_t i = 0; i < c.dict.size(); ++i)
            bytes += sizeof(std::string) + c.dict[i].capacity() + sizeof(QString) +
                    size_t(c.dictText[i].size()) * 2 + 48; // hash node
    }
    return bytes;
}

void RecordTable::squeeze()
{
    for (Column &c : m_columns) {
        c.ints.shrink_to_fit();
        c.reals.shrink_to_fit();
        c.bools.shrink_to_fit();
        c.codes.shrink_to_fit();
        c.spans.shrink_to_fit();
        c.arena.shrink_to_fit();
        c.nulls.shrink_to_fit();
    }
}
