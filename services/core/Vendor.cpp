#include "Vendor.h"

#include <QCoreApplication>

namespace Vendors {

QList<Vendor> all()
{
    return {Vendor::Unloopa, Vendor::UnlimCall, Vendor::Verloop, Vendor::Outreach2day};
}

QString id(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return QStringLiteral("unloopa");
    case Vendor::UnlimCall:
        return QStringLiteral("unlimcall");
    case Vendor::Verloop:
        return QStringLiteral("verloop");
    case Vendor::Outreach2day:
        return QStringLiteral("outreach2day");
    }
    Q_UNREACHABLE();
}

std::optional<Vendor> fromId(const QString &id)
{
    for (Vendor vendor : all()) {
        if (Vendors::id(vendor).compare(id, Qt::CaseInsensitive) == 0)
            return vendor;
    }
    return std::nullopt;
}

QString displayName(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return QStringLiteral("Unloopa");
    case Vendor::UnlimCall:
        return QStringLiteral("UnlimCall");
    case Vendor::Verloop:
        return QStringLiteral("Verloop");
    case Vendor::Outreach2day:
        return QStringLiteral("Outreach2day");
    }
    Q_UNREACHABLE();
}

} // namespace Vendors
