#include "Icons.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QPixmap>

namespace {
QPixmap render(const QByteArray &svg, int size)
{
    QByteArray bytes = svg;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "svg");
    reader.setScaledSize(QSize(size, size));
    return QPixmap::fromImage(reader.read());
}
} // namespace

namespace Icons {

QIcon themed(const QString &name, const QPalette &palette)
{
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray svg = file.readAll();
    const QByteArray normal = QByteArray(svg).replace(
            "currentColor", palette.color(QPalette::Active, QPalette::WindowText).name().toLatin1());
    const QByteArray disabled = QByteArray(svg).replace(
            "currentColor", palette.color(QPalette::Disabled, QPalette::WindowText).name().toLatin1());
    const QByteArray selected = QByteArray(svg).replace(
            "currentColor", palette.color(QPalette::Active, QPalette::HighlightedText).name().toLatin1());
    QIcon icon;
    for (int size : {16, 20, 24, 32, 48, 64}) {
        icon.addPixmap(render(normal, size), QIcon::Normal);
        icon.addPixmap(render(disabled, size), QIcon::Disabled);
        icon.addPixmap(render(selected, size), QIcon::Selected);
    }
    return icon;
}

} // namespace Icons
