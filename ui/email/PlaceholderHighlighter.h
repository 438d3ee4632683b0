#pragma once

#include <QPalette>
#include <QRegularExpression>
#include <QStringList>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

// Marks {{placeholders}} in a template: a field the campaign's contacts have in the link colour,
// any other name in an error colour with a wavy underline (it would render empty). Colours come
// from the palette, so they read in light and dark mode alike; call setPalette() when it changes.
class PlaceholderHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit PlaceholderHighlighter(QTextDocument *document);

    void setKnownFields(const QStringList &fields);
    QStringList knownFields() const { return m_known; }
    void setPalette(const QPalette &palette);

    // {{ name }} with the name captured (letters, digits, '_', '.', '-').
    static const QRegularExpression &pattern();
    // The formats applied (tests and the legend read them).
    QTextCharFormat knownFormat() const { return m_knownFormat; }
    QTextCharFormat unknownFormat() const { return m_unknownFormat; }

protected:
    void highlightBlock(const QString &text) override;

private:
    QStringList m_known;
    QTextCharFormat m_knownFormat;
    QTextCharFormat m_unknownFormat;
};
