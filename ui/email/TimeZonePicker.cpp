#include "TimeZonePicker.h"

#include <QCompleter>
#include <QLineEdit>
#include <QTimeZone>

TimeZonePicker::TimeZonePicker(QWidget *parent) : QComboBox(parent)
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    setMaxVisibleItems(20);
    const QList<QByteArray> ids = QTimeZone::availableTimeZoneIds();
    QStringList zones;
    zones.reserve(ids.size());
    for (const QByteArray &id : ids)
        zones << QString::fromLatin1(id);
    addItems(zones);
    // Search anywhere in the name, whatever the case: "york" finds America/New_York.
    completer()->setCompletionMode(QCompleter::PopupCompletion);
    completer()->setFilterMode(Qt::MatchContains);
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    lineEdit()->setPlaceholderText(tr("Search time zones, e.g. New_York"));
    connect(this, &QComboBox::currentTextChanged, this, [this] { Q_EMIT zoneChanged(zone()); });
}

QString TimeZonePicker::zone() const
{
    const QString text = currentText().trimmed();
    return QTimeZone::isTimeZoneIdAvailable(text.toLatin1()) ? text : QString();
}

void TimeZonePicker::setZone(const QString &ianaId)
{
    const int index = findText(ianaId);
    if (index >= 0)
        setCurrentIndex(index);
    else
        setEditText(ianaId);
}
