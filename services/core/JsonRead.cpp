#include "JsonRead.h"

#include "Iso8601.h"

#include <QJsonValue>

namespace JsonRead {

QString string(const QJsonObject &object, const char *key, int numberDigits)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', numberDigits);
    return {};
}

int integer(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isDouble())
        return value.toInt();
    if (value.isString())
        return value.toString().toInt();
    return 0;
}

qint64 int64(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isDouble())
        return qint64(value.toDouble());
    if (value.isString())
        return value.toString().toLongLong();
    return 0;
}

bool boolean(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isBool())
        return value.toBool();
    if (value.isString())
        return value.toString() == QLatin1String("true");
    return false;
}

std::optional<double> optionalNumber(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isDouble())
        return value.toDouble();
    return std::nullopt;
}

QDateTime dateTime(const QJsonObject &object, const char *key)
{
    return Iso8601::toDateTime(object.value(QLatin1String(key)).toString());
}

} // namespace JsonRead
