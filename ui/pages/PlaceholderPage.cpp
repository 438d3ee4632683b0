#include "PlaceholderPage.h"

#include "common/Icons.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

PlaceholderPage::PlaceholderPage(const QString &icon, const QString &title, const QString &later,
                                 const QString &today, QWidget *parent)
    : QWidget(parent), m_iconLabel(new QLabel(this)), m_icon(icon)
{
    // A centred column of readable width; word-wrapped labels need a real width, not an alignment.
    auto *column = new QWidget(this);
    column->setMaximumWidth(560);
    column->setMinimumWidth(280);
    auto *text = new QVBoxLayout(column);
    m_iconLabel->setParent(column);
    m_iconLabel->setAlignment(Qt::AlignCenter);
    m_iconLabel->setPixmap(Icons::themed(icon, palette()).pixmap(48, 48));
    text->addWidget(m_iconLabel);

    auto *heading = new QLabel(title, column);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    heading->setFont(font);
    heading->setAlignment(Qt::AlignCenter);
    heading->setAccessibleName(title);
    text->addWidget(heading);

    for (const QString &paragraph : {later, today}) {
        if (paragraph.isEmpty())
            continue;
        auto *label = new QLabel(paragraph, column);
        label->setObjectName(paragraph == later ? QStringLiteral("laterLabel")
                                                : QStringLiteral("todayLabel"));
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        label->setForegroundRole(paragraph == later ? QPalette::WindowText : QPalette::PlaceholderText);
        text->addWidget(label);
    }

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 3);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
}

void PlaceholderPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_iconLabel->setPixmap(Icons::themed(m_icon, palette()).pixmap(48, 48));
}
