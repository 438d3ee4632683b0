#include "Outreach2dayAnswers.h"

#include <QRegularExpression>

namespace O2dAnswers {

SandboxResponse error(int status, const QString &code, const QString &message, const QJsonObject &detail)
{
    return SandboxServer::error(Vendor::Outreach2day, status, code, message, detail);
}

SandboxResponse fieldError(const QString &field, const QString &message)
{
    return error(400, QStringLiteral("invalid_field"), message,
                 QJsonObject{{QStringLiteral("field"), field}});
}

SandboxResponse notFound(const QString &what, const QString &id)
{
    return error(404, QStringLiteral("not_found"), QStringLiteral("No %1 with id %2.").arg(what, id));
}

SandboxResponse invalidState(const QString &status, const QString &message)
{
    return error(409, QStringLiteral("invalid_state"), message,
                 QJsonObject{{QStringLiteral("status"), status}});
}

SandboxResponse invalidJson()
{
    return error(400, QStringLiteral("invalid_json"),
                 QStringLiteral("The request body must be a JSON object."));
}

QString iso(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

bool isEmail(const QString &text)
{
    static const QRegularExpression pattern(
            QStringLiteral("^[^\\s@,;<>\"]+@[^\\s@,;<>\"]+\\.[^\\s@,;<>\"]+$"));
    return pattern.match(text).hasMatch();
}

// Reads an optional integer: absent leaves `value` alone; not an integer or outside
// [minimum, maximum] is a 400 naming `field`.
bool readInt(const QJsonObject &object, const QString &key, const QString &field, qint64 minimum,
             qint64 maximum, qint64 *value, SandboxResponse *refused)
{
    if (!object.contains(key))
        return true;
    const QJsonValue v = object.value(key);
    const double number = v.toDouble();
    if (!v.isDouble() || number != double(qint64(number))) {
        *refused = fieldError(field, QStringLiteral("%1 must be an integer.").arg(field));
        return false;
    }
    if (number < double(minimum) || number > double(maximum)) {
        *refused = fieldError(
                field, QStringLiteral("%1 must be from %2 to %3.").arg(field).arg(minimum).arg(maximum));
        return false;
    }
    *value = qint64(number);
    return true;
}

bool readInt(const QJsonObject &object, const QString &key, const QString &field, int minimum, int maximum,
             int *value, SandboxResponse *refused)
{
    qint64 wide = *value;
    if (!readInt(object, key, field, qint64(minimum), qint64(maximum), &wide, refused))
        return false;
    *value = int(wide);
    return true;
}

// Reads an optional string: absent leaves `value` alone; another type is a 400 naming `field`.
bool readString(const QJsonObject &object, const QString &key, const QString &field, QString *value,
                SandboxResponse *refused)
{
    if (!object.contains(key) || object.value(key).isNull())
        return true;
    if (!object.value(key).isString()) {
        *refused = fieldError(field, QStringLiteral("%1 must be a string.").arg(field));
        return false;
    }
    *value = object.value(key).toString();
    return true;
}

bool readBool(const QJsonObject &object, const QString &key, bool *value, SandboxResponse *refused)
{
    if (!object.contains(key))
        return true;
    if (!object.value(key).isBool()) {
        *refused = fieldError(key, QStringLiteral("%1 must be true or false.").arg(key));
        return false;
    }
    *value = object.value(key).toBool();
    return true;
}

QDateTime now()
{
    const QDateTime time = QDateTime::currentDateTimeUtc();
    return time.addMSecs(-time.time().msec());
}

} // namespace O2dAnswers
