#include "JsonScanner.h"

#include <QStringDecoder>

#include <charconv>

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// UTF-8 text into a QString; false when it is not valid UTF-8.
bool decodeUtf8(QByteArrayView utf8, QString &out)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    out = decoder(utf8);
    return !decoder.hasError();
}

} // namespace

bool JsonScanner::fail()
{
    m_failed = true;
    return false;
}

void JsonScanner::skipSpace()
{
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return;
        ++m_pos;
    }
}

JsonScanner::Type JsonScanner::peek()
{
    if (m_failed)
        return Type::Invalid;
    skipSpace();
    if (m_pos >= m_text.size())
        return Type::Invalid;
    const char c = m_text[m_pos];
    switch (c) {
    case '"':
        return Type::String;
    case '{':
        return Type::Object;
    case '[':
        return Type::Array;
    case 't':
    case 'f':
        return Type::Bool;
    case 'n':
        return Type::Null;
    default:
        return c == '-' || isDigit(c) ? Type::Number : Type::Invalid;
    }
}

bool JsonScanner::open(char bracket)
{
    if (m_failed)
        return false;
    skipSpace();
    if (m_pos >= m_text.size() || m_text[m_pos] != bracket || m_depth >= int(m_first.size()))
        return fail();
    ++m_pos;
    m_first[size_t(m_depth++)] = true;
    return true;
}

bool JsonScanner::enterObject()
{
    return open('{');
}

bool JsonScanner::enterArray()
{
    return open('[');
}

bool JsonScanner::more(char close)
{
    if (m_failed || m_depth == 0)
        return fail();
    skipSpace();
    if (m_pos >= m_text.size())
        return fail();
    if (m_text[m_pos] == close) {
        ++m_pos;
        --m_depth;
        return false;
    }
    bool &first = m_first[size_t(m_depth - 1)];
    if (first) {
        first = false;
        return true;
    }
    if (m_text[m_pos] != ',')
        return fail();
    ++m_pos;
    return true;
}

bool JsonScanner::nextMember(QByteArrayView &key)
{
    if (!more('}'))
        return false;
    skipSpace();
    if (m_pos >= m_text.size() || m_text[m_pos] != '"')
        return fail();
    const qsizetype start = ++m_pos;
    // Keys are read as plain ASCII; anything else is left to the generic reader.
    const auto *at = reinterpret_cast<const unsigned char *>(m_text.data()) + start;
    const auto *end = reinterpret_cast<const unsigned char *>(m_text.data()) + m_text.size();
    while (at < end && *at != '"') {
        if (*at < 0x20 || *at >= 0x80 || *at == '\\')
            return fail();
        ++at;
    }
    if (at >= end)
        return fail();
    m_pos = at - reinterpret_cast<const unsigned char *>(m_text.data());
    key = m_text.sliced(start, m_pos - start);
    ++m_pos;
    skipSpace();
    if (m_pos >= m_text.size() || m_text[m_pos] != ':')
        return fail();
    ++m_pos;
    return true;
}

bool JsonScanner::nextElement()
{
    return more(']');
}

bool JsonScanner::readString(QString &out)
{
    return readString(out, false);
}

bool JsonScanner::readRepeatedString(QString &out)
{
    return readString(out, true);
}

bool JsonScanner::readString(QString &out, bool repeated)
{
    if (peek() != Type::String)
        return fail();
    const qsizetype start = ++m_pos;
    const auto *at = reinterpret_cast<const unsigned char *>(m_text.data()) + start;
    const auto *end = reinterpret_cast<const unsigned char *>(m_text.data()) + m_text.size();
    unsigned char seen = 0; // every byte or'ed: >= 0x80 when any is not ASCII
    bool escaped = false;
    for (;; ++at) {
        if (at >= end)
            return fail();
        const unsigned char c = *at;
        if (c == '"')
            break;
        if (c < 0x20)
            return fail();
        if (c == '\\') {
            escaped = true;
            if (++at >= end)
                return fail();
        }
        seen |= c;
    }
    m_pos = at - reinterpret_cast<const unsigned char *>(m_text.data());
    const bool ascii = seen < 0x80;
    const QByteArrayView raw = m_text.sliced(start, m_pos - start);
    ++m_pos;
    if (repeated) {
        const auto known = m_repeated.constFind(raw);
        if (known != m_repeated.cend()) {
            out = *known;
            return true;
        }
        if (!readText(raw, ascii, escaped, out))
            return false;
        if (m_repeated.size() < kMaxRepeated)
            m_repeated.insert(raw, out);
        return true;
    }
    return readText(raw, ascii, escaped, out);
}

bool JsonScanner::readText(QByteArrayView raw, bool ascii, bool escaped, QString &out)
{
    if (!escaped) {
        if (ascii) {
            out = QString::fromLatin1(raw);
            return true;
        }
        return decodeUtf8(raw, out) || fail();
    }
    // Escapes, written out as UTF-8 and decoded as a whole.
    QByteArray utf8;
    utf8.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            utf8.append(raw[i]);
            continue;
        }
        const char e = raw[++i];
        switch (e) {
        case '"':
        case '\\':
        case '/':
            utf8.append(e);
            break;
        case 'b':
            utf8.append('\b');
            break;
        case 'f':
            utf8.append('\f');
            break;
        case 'n':
            utf8.append('\n');
            break;
        case 'r':
            utf8.append('\r');
            break;
        case 't':
            utf8.append('\t');
            break;
        case 'u': {
            if (i + 4 >= raw.size())
                return fail();
            char32_t code = 0;
            for (int k = 1; k <= 4; ++k) {
                const int digit = hexValue(raw[i + k]);
                if (digit < 0)
                    return fail();
                code = code * 16 + char32_t(digit);
            }
            i += 4;
            if (code >= 0xD800 && code <= 0xDFFF)
                return fail(); // surrogate pairs: left to the generic reader
            const QChar one{char16_t(code)};
            utf8.append(QStringView(&one, 1).toUtf8());
            break;
        }
        default:
            return fail();
        }
    }
    return decodeUtf8(utf8, out) || fail();
}

bool JsonScanner::readNumber(double &out)
{
    if (peek() != Type::Number)
        return fail();
    const qsizetype start = m_pos;
    const auto digitsFrom = [this](qsizetype from) {
        qsizetype at = from;
        while (at < m_text.size() && isDigit(m_text[at]))
            ++at;
        return at;
    };
    qsizetype at = start;
    if (m_text[at] == '-')
        ++at;
    if (at >= m_text.size() || !isDigit(m_text[at]))
        return fail();
    at = m_text[at] == '0' ? at + 1 : digitsFrom(at);
    if (at < m_text.size() && m_text[at] == '.') {
        const qsizetype end = digitsFrom(at + 1);
        if (end == at + 1)
            return fail();
        at = end;
    }
    if (at < m_text.size() && (m_text[at] == 'e' || m_text[at] == 'E')) {
        ++at;
        if (at < m_text.size() && (m_text[at] == '+' || m_text[at] == '-'))
            ++at;
        const qsizetype end = digitsFrom(at);
        if (end == at)
            return fail();
        at = end;
    }
    const char *first = m_text.data() + start;
    const char *last = m_text.data() + at;
    const auto [ptr, ec] = std::from_chars(first, last, out);
    if (ec != std::errc() || ptr != last)
        return fail();
    m_pos = at;
    return true;
}

bool JsonScanner::skipValue()
{
    switch (peek()) {
    case Type::String: {
        QString ignored;
        return readString(ignored);
    }
    case Type::Number: {
        double ignored = 0;
        return readNumber(ignored);
    }
    case Type::Bool:
    case Type::Null:
        for (const QByteArrayView literal :
             {QByteArrayView("true"), QByteArrayView("false"), QByteArrayView("null")}) {
            if (m_text.sliced(m_pos).startsWith(literal)) {
                m_pos += literal.size();
                return true;
            }
        }
        return fail();
    case Type::Object: {
        enterObject();
        QByteArrayView key;
        while (nextMember(key)) {
            if (!skipValue())
                return false;
        }
        return !m_failed;
    }
    case Type::Array:
        enterArray();
        while (nextElement()) {
            if (!skipValue())
                return false;
        }
        return !m_failed;
    case Type::Invalid:
        break;
    }
    return fail();
}

bool JsonScanner::atEnd()
{
    if (m_failed)
        return false;
    skipSpace();
    return m_pos == m_text.size();
}
