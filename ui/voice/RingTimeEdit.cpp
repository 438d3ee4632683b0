#include "RingTimeEdit.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimeZone>
#include <QVBoxLayout>

namespace {
QString offsetText(int seconds)
{
    const int minutes = qAbs(seconds) / 60;
    return QStringLiteral("UTC%1%2:%3")
            .arg(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
            .arg(minutes / 60, 2, 10, QLatin1Char('0'))
            .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

RingTimeEdit::RingTimeEdit(QWidget *parent)
    : QWidget(parent),
      m_mode(new QComboBox(this)),
      m_when(new QDateTimeEdit(this)),
      m_offset(new QComboBox(this)),
      m_note(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_mode->setObjectName(QStringLiteral("ringTimeMode"));
    m_mode->setAccessibleName(tr("When the call rings"));
    m_mode->addItem(tr("Now"), int(Mode::Now));
    m_mode->addItem(tr("At a time in the recipient's own time zone"), int(Mode::RecipientLocal));
    m_mode->addItem(tr("At a time with a UTC offset"), int(Mode::WithOffset));
    row->addWidget(m_mode);

    m_when->setObjectName(QStringLiteral("ringTimeWhen"));
    m_when->setAccessibleName(tr("Date and time the call rings"));
    m_when->setCalendarPopup(true);
    m_when->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_when->setTimeSpec(Qt::LocalTime);
    // Tomorrow at 10:00: a sensible first value inside every calling window.
    m_when->setDateTime(QDateTime(QDate::currentDate().addDays(1), QTime(10, 0)));
    row->addWidget(m_when);

    m_offset->setObjectName(QStringLiteral("ringTimeOffset"));
    m_offset->setAccessibleName(tr("UTC offset of that time"));
    for (int quarter = -12 * 4; quarter <= 14 * 4; ++quarter)
        m_offset->addItem(offsetText(quarter * 15 * 60), quarter * 15 * 60);
    setOffsetSeconds(QDateTime::currentDateTime().offsetFromUtc());
    row->addWidget(m_offset);
    row->addStretch();
    layout->addLayout(row);

    m_note->setObjectName(QStringLiteral("ringTimeNote"));
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &RingTimeEdit::update);
    connect(m_when, &QDateTimeEdit::dateTimeChanged, this, &RingTimeEdit::changed);
    connect(m_offset, &QComboBox::currentIndexChanged, this, &RingTimeEdit::changed);
    update();
}

RingTimeEdit::Mode RingTimeEdit::mode() const
{
    return Mode(m_mode->currentData().toInt());
}

void RingTimeEdit::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

QDateTime RingTimeEdit::localDateTime() const
{
    return QDateTime(m_when->date(), m_when->time());
}

void RingTimeEdit::setLocalDateTime(const QDateTime &wallClock)
{
    m_when->setDateTime(QDateTime(wallClock.date(), wallClock.time()));
}

int RingTimeEdit::offsetSeconds() const
{
    return m_offset->currentData().toInt();
}

void RingTimeEdit::setOffsetSeconds(int seconds)
{
    const int index = m_offset->findData(seconds);
    if (index >= 0)
        m_offset->setCurrentIndex(index);
}

void RingTimeEdit::update()
{
    const Mode current = mode();
    m_when->setVisible(current != Mode::Now);
    m_offset->setVisible(current == Mode::WithOffset);
    switch (current) {
    case Mode::Now:
        m_note->setText(tr("Verloop places the call as soon as it receives it (judged against the calling "
                           "window now)."));
        break;
    case Mode::RecipientLocal:
        m_note->setText(tr("Each call rings at this time on the recipient's own clock (from the number's "
                           "time zone). A number that may be in several zones cannot be scheduled this "
                           "way: give an offset instead."));
        break;
    case Mode::WithOffset:
        m_note->setText(tr("The same moment for every recipient; each is judged at its own local time."));
        break;
    }
    Q_EMIT changed();
}
