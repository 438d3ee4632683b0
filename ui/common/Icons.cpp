#include "Icons.h"

#include <QBuffer>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QImageReader>
#include <QPainter>
#include <QPixmap>

namespace {
QPixmap render(const QByteArray &svg, const QSize &size)
{
    QByteArray bytes = svg;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "svg");
    reader.setScaledSize(size);
    return QPixmap::fromImage(reader.read());
}

// Draws the SVG at the size asked for, when it is first asked for: a window shows one or two
// sizes of an icon, and drawing every size and mode up front made each icon cost milliseconds of
// start-up.
class ThemedIconEngine : public QIconEngine
{
public:
    ThemedIconEngine(const QByteArray &svg, const QPalette &palette)
    {
        const auto tinted = [&svg](const QColor &color) {
            return QByteArray(svg).replace("currentColor", color.name().toLatin1());
        };
        m_svg.insert(QIcon::Normal, tinted(palette.color(QPalette::Active, QPalette::WindowText)));
        m_svg.insert(QIcon::Active, m_svg.value(QIcon::Normal));
        m_svg.insert(QIcon::Disabled, tinted(palette.color(QPalette::Disabled, QPalette::WindowText)));
        m_svg.insert(QIcon::Selected, tinted(palette.color(QPalette::Active, QPalette::HighlightedText)));
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State) override
    {
        const QString key = QStringLiteral("%1x%2:%3").arg(size.width()).arg(size.height()).arg(int(mode));
        auto cached = m_pixmaps.constFind(key);
        if (cached != m_pixmaps.cend())
            return *cached;
        const QPixmap pixmap = render(m_svg.value(mode), size);
        m_pixmaps.insert(key, pixmap);
        return pixmap;
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap drawn = pixmap(rect.size() * ratio, mode, state);
        drawn.setDevicePixelRatio(ratio);
        painter->drawPixmap(rect, drawn);
    }

    QIconEngine *clone() const override { return new ThemedIconEngine(*this); }
    QString key() const override { return QStringLiteral("ThemedIconEngine"); }

private:
    QHash<int, QByteArray> m_svg; // by QIcon::Mode
    QHash<QString, QPixmap> m_pixmaps;
};
} // namespace

namespace Icons {

QIcon themed(const QString &name, const QPalette &palette)
{
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QIcon(new ThemedIconEngine(file.readAll(), palette));
}

} // namespace Icons
