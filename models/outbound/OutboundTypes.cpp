#include "OutboundTypes.h"

Recipient Recipient::phone(const QString &e164, const QString &label)
{
    return {Channel::Phone, e164, label};
}

Recipient Recipient::email(const QString &address, const QString &label)
{
    return {Channel::Email, address.trimmed().toLower(), label};
}
