#include "PlaceholderPage.h"

#include "common/Icons.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

PlaceholderPage::PlaceholderPage(const QString &icon, const QString &title, const QString &later,
                                 const QString &today, QWidget *parent)
    : QWidget(parent), m_iconLabel(new QLabel(this)), m_icon(icon)
{
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    m_iconLabel->setAlignment(Qt::AlignCenter);
    m_iconLabel->setPixmap(Icons::themed(icon, palette()).pixmap(48, 48));
    layout->addWidget(m_iconLabel);

    auto *heading = new QLabel(title, this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    heading->setFont(font);
    heading->setAlignment(Qt::AlignCenter);
    heading->setAccessibleName(title);
    layout->addWidget(heading);

    for (const QString &text : {later, today}) {
        if (text.isEmpty())
            continue;
        auto *label = new QLabel(text, this);
        label->setObjectName(text == later ? QStringLiteral("laterLabel") : QStringLiteral("todayLabel"));
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignCenter);
        label->setMaximumWidth(560);
        label->setForegroundRole(text == later ? QPalette::WindowText : QPalette::PlaceholderText);
        layout->addWidget(label, 0, Qt::AlignHCenter);
    }
    layout->addStretch(2);
}

void PlaceholderPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_iconLabel->setPixmap(Icons::themed(m_icon, palette()).pixmap(48, 48));
}
