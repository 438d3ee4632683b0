#pragma once

#include "controllers/VoiceController.h"

#include <QDateTime>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;

// When a scheduled call rings, as the operator says it: now, a wall-clock time in each
// recipient's own zone (9:30 means 9:30 where the phone is), or a time with an explicit UTC
// offset. Verloop reads a time without an offset in its dashboard's zone, so the console always
// resolves it to one before sending.
class RingTimeEdit : public QWidget
{
    Q_OBJECT
public:
    using Mode = VoiceController::RingMode;

    explicit RingTimeEdit(QWidget *parent = nullptr);

    Mode mode() const;
    void setMode(Mode mode);
    // The wall-clock date and time typed (no zone; RecipientLocal and WithOffset).
    QDateTime localDateTime() const;
    void setLocalDateTime(const QDateTime &wallClock);
    // WithOffset: seconds east of UTC.
    int offsetSeconds() const;
    void setOffsetSeconds(int seconds);

Q_SIGNALS:
    void changed();

private:
    void update();

    QComboBox *m_mode;
    QDateTimeEdit *m_when;
    QComboBox *m_offset;
    QLabel *m_note;
};
