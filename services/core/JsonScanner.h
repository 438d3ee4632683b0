#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <array>

// Reads JSON text member by member, straight into the caller's values, without building a
// QJsonDocument first: for big answers read often (a page of a thousand call records), where
// the generic document and the lookups by key in it cost most of the reading.
//
// Strict: it accepts only what RFC 8259 allows, and gives up (failed()) on anything it does not
// read itself (a \u escape outside the BMP, nesting deeper than 32, a number out of range).
// A caller that meets failed() reads the text the generic way instead, which then accepts or
// reports it as it always has: giving up is never wrong, only slower.
class JsonScanner
{
public:
    enum class Type { String, Number, Bool, Null, Object, Array, Invalid };

    explicit JsonScanner(QByteArrayView text) : m_text(text) { }

    bool failed() const { return m_failed; }
    // The type of the next value (after whitespace), without consuming it.
    Type peek();

    // Consumes '{' (or '['). False (and failed) when the next value is not one.
    bool enterObject();
    bool enterArray();
    // The next member's key, consuming the ':' after it; false at the object's end ('}' consumed)
    // or on failure. The key view stays valid as long as the text.
    bool nextMember(QByteArrayView &key);
    // Whether another element follows; false at the array's end (']' consumed) or on failure.
    bool nextElement();

    bool readString(QString &out);
    // For values that repeat from record to record (a disposition, a currency, a country): one
    // QString per distinct text, shared by every record holding it, made once.
    bool readRepeatedString(QString &out);
    bool readNumber(double &out);
    bool skipValue();
    // True when only whitespace is left.
    bool atEnd();

private:
    bool fail();
    bool readString(QString &out, bool repeated);
    // A string's text between its quotes into `out`.
    bool readText(QByteArrayView raw, bool ascii, bool escaped, QString &out);
    static constexpr qsizetype kMaxRepeated = 4096; // beyond that the values hardly repeat
    void skipSpace();
    bool open(char bracket);
    bool more(char close);

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    bool m_failed = false;
    std::array<bool, 32> m_first{}; // per open object/array: no member read yet
    int m_depth = 0;
    QHash<QByteArrayView, QString> m_repeated; // by the text as written (views into m_text)
};
