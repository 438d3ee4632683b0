#pragma once

#include <QByteArrayView>

#include <cstring>
#include <vector>

// Storage for the columns of a RecordTable. Appending never moves what is already stored:
// after the first 64k elements a column grows by fixed chunks, so the GUI thread never copies
// a million-row column when one more batch arrives (a std::vector doubling would), and no
// column carries a doubling's worth of spare capacity.

// An array of T in chunks of 65,536 elements. The first chunk grows like a vector (small
// tables stay small); later chunks are allocated whole.
template<typename T>
class ChunkedArray
{
public:
    static constexpr size_t kShift = 16;
    static constexpr size_t kChunk = size_t(1) << kShift;
    static constexpr size_t kMask = kChunk - 1;

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T &operator[](size_t i) { return m_chunks[i >> kShift][i & kMask]; }
    const T &operator[](size_t i) const { return m_chunks[i >> kShift][i & kMask]; }

    void push_back(const T &value)
    {
        const size_t chunk = m_size >> kShift;
        if (chunk == m_chunks.size()) {
            m_chunks.emplace_back();
            if (chunk > 0)
                m_chunks.back().reserve(kChunk);
        }
        m_chunks[chunk].push_back(value);
        ++m_size;
    }
    void resize(size_t count, const T &value = T())
    {
        while (m_size > count) {
            m_chunks.back().pop_back();
            if (m_chunks.back().empty())
                m_chunks.pop_back();
            --m_size;
        }
        while (m_size < count)
            push_back(value);
    }
    void assign(size_t count, const T &value)
    {
        clear();
        resize(count, value);
    }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }
    // Room for `count` elements without reallocating the first chunk.
    void reserve(size_t count)
    {
        if (m_chunks.empty())
            m_chunks.emplace_back();
        if (m_chunks.size() == 1)
            m_chunks.front().reserve(count < kChunk ? count : kChunk);
    }
    void shrink_to_fit()
    {
        for (std::vector<T> &chunk : m_chunks)
            chunk.shrink_to_fit();
    }
    size_t memoryBytes() const
    {
        size_t bytes = m_chunks.capacity() * sizeof(std::vector<T>);
        for (const std::vector<T> &chunk : m_chunks)
            bytes += chunk.capacity() * sizeof(T);
        return bytes;
    }

private:
    std::vector<std::vector<T>> m_chunks;
    size_t m_size = 0;
};

// The UTF-8 bytes of a Text/Phone column: 1 MiB blocks (a longer string gets a block of its
// own), never moved once written. A cell is a 64-bit span: block (16 bits), offset in the block
// (24 bits), length (24 bits).
class TextArena
{
public:
    static constexpr quint64 kLengthBits = 24;
    static constexpr quint64 kLengthMask = (quint64(1) << kLengthBits) - 1;
    static constexpr size_t kBlock = size_t(1) << 20;

    static size_t length(quint64 span) { return size_t(span & kLengthMask); }

    // Empty cells (and nulls) have span 0 and touch no block.
    QByteArrayView view(quint64 span) const
    {
        if ((span & kLengthMask) == 0)
            return QByteArrayView("", 0);
        const size_t block = size_t(span >> 48);
        const size_t offset = size_t((span >> kLengthBits) & kLengthMask);
        return QByteArrayView(m_blocks[block].data() + offset, qsizetype(span & kLengthMask));
    }
    const char *data(quint64 span) const
    {
        if ((span & kLengthMask) == 0)
            return "";
        return m_blocks[size_t(span >> 48)].data() + size_t((span >> kLengthBits) & kLengthMask);
    }

    // Stores `length` bytes (at most kLengthMask) and returns their span.
    quint64 append(const char *bytes, size_t length)
    {
        if (length == 0)
            return 0;
        if (m_blocks.empty() || m_blocks.back().size() + length > blockLimit(m_blocks.back())) {
            m_blocks.emplace_back();
            // The first block grows like a vector (small tables stay small); later ones are
            // allocated at full size, or exactly as large as an oversized string.
            if (m_blocks.size() > 1 || length > kBlock)
                m_blocks.back().reserve(length > kBlock ? length : kBlock);
        }
        std::vector<char> &block = m_blocks.back();
        const size_t offset = block.size();
        block.insert(block.end(), bytes, bytes + length);
        m_bytes += length;
        return (quint64(m_blocks.size() - 1) << 48) | (quint64(offset) << kLengthBits) | quint64(length);
    }
    void clear()
    {
        m_blocks.clear();
        m_bytes = 0;
    }
    // Bytes stored (live or overwritten).
    size_t bytes() const { return m_bytes; }
    size_t memoryBytes() const
    {
        size_t bytes = m_blocks.capacity() * sizeof(std::vector<char>);
        for (const std::vector<char> &block : m_blocks)
            bytes += block.capacity();
        return bytes;
    }
    void shrink_to_fit()
    {
        for (std::vector<char> &block : m_blocks)
            block.shrink_to_fit();
    }

private:
    static size_t blockLimit(const std::vector<char> &block)
    {
        // An oversized string's block takes nothing more; the first block may grow to kBlock.
        return block.capacity() > kBlock ? block.capacity() : kBlock;
    }

    std::vector<std::vector<char>> m_blocks;
    size_t m_bytes = 0;
};
