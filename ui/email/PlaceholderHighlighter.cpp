#include "PlaceholderHighlighter.h"

#include <QGuiApplication>

namespace {

// Halfway between the text colour and red: dark red on a light theme, light red on a dark one.
QColor warningColour(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor red(Qt::red);
    return QColor((text.red() + red.red()) / 2, (text.green() + red.green()) / 2,
                  (text.blue() + red.blue()) / 2);
}

} // namespace

PlaceholderHighlighter::PlaceholderHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    setPalette(QGuiApplication::palette());
}

const QRegularExpression &PlaceholderHighlighter::pattern()
{
    static const QRegularExpression re(QStringLiteral("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*\\}\\}"));
    return re;
}

void PlaceholderHighlighter::setKnownFields(const QStringList &fields)
{
    if (fields == m_known)
        return;
    m_known = fields;
    rehighlight();
}

void PlaceholderHighlighter::setPalette(const QPalette &palette)
{
    m_knownFormat = QTextCharFormat();
    m_knownFormat.setForeground(palette.color(QPalette::Link));
    m_knownFormat.setFontWeight(QFont::Bold);

    m_unknownFormat = QTextCharFormat();
    m_unknownFormat.setForeground(warningColour(palette));
    m_unknownFormat.setFontItalic(true);
    m_unknownFormat.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    m_unknownFormat.setUnderlineColor(warningColour(palette));
    rehighlight();
}

void PlaceholderHighlighter::highlightBlock(const QString &text)
{
    auto it = pattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const bool known = m_known.contains(match.captured(1));
        setFormat(int(match.capturedStart()), int(match.capturedLength()),
                  known ? m_knownFormat : m_unknownFormat);
    }
}
