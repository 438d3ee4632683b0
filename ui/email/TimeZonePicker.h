#pragma once

#include <QComboBox>

// An IANA time-zone picker with search: type any part of a zone's name ("york", "Berlin") and the
// list narrows to the zones that contain it. zone() is empty while the text names no known zone.
class TimeZonePicker : public QComboBox
{
    Q_OBJECT
public:
    explicit TimeZonePicker(QWidget *parent = nullptr);

    QString zone() const; // the IANA id typed or picked, or empty when it is not one
    void setZone(const QString &ianaId);

Q_SIGNALS:
    void zoneChanged(const QString &ianaId); // also with an empty id while the text is not a zone
};
