#include "CredentialsFromEnvironment.h"

namespace CredentialsFromEnvironment {

namespace {

struct Names
{
    QString token;
    QString clientId; // empty when the vendor has none
    QString workspaceId;
    QString clientSecret;
};

Names namesFor(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return {QStringLiteral("UNLOOPA_API_KEY"), {}, {}, {}};
    case Vendor::UnlimCall:
        return {QStringLiteral("UNLIMCALL_API_TOKEN"),
                QStringLiteral("UNLIMCALL_CLIENT_ID"),
                {},
                QStringLiteral("UNLIMCALL_CLIENT_SECRET")};
    case Vendor::Verloop:
        return {QStringLiteral("VERLOOP_API_TOKEN"), QStringLiteral("VERLOOP_CLIENT_ID"), {}, {}};
    case Vendor::Outreach2day:
        return {QStringLiteral("OUTREACH2DAY_API_KEY"), {}, QStringLiteral("OUTREACH2DAY_WORKSPACE_ID"), {}};
    }
    return {};
}

} // namespace

QStringList variableNames(Vendor vendor)
{
    const Names names = namesFor(vendor);
    QStringList result{names.token};
    if (!names.clientId.isEmpty())
        result.append(names.clientId);
    if (!names.workspaceId.isEmpty())
        result.append(names.workspaceId);
    if (!names.clientSecret.isEmpty())
        result.append(names.clientSecret);
    return result;
}

QString whatToSet(Vendor vendor)
{
    const Names names = namesFor(vendor);
    if (!names.clientSecret.isEmpty())
        return QStringLiteral("%1, or %2 and %3").arg(names.token, names.clientId, names.clientSecret);
    return variableNames(vendor).join(QStringLiteral(" and "));
}

std::optional<VendorCredentials> read(Vendor vendor, const QProcessEnvironment &environment)
{
    // A variable set to an empty string counts as unset, as shells make that easy to do by accident.
    bool anySet = false;
    const auto value = [&](const QString &name) {
        if (name.isEmpty())
            return QString();
        const QString v = environment.value(name).trimmed();
        anySet = anySet || !v.isEmpty();
        return v;
    };

    const Names names = namesFor(vendor);
    VendorCredentials credentials;
    credentials.vendor = vendor;
    credentials.token = value(names.token).toUtf8();
    credentials.clientId = value(names.clientId);
    credentials.workspaceId = value(names.workspaceId);
    credentials.clientSecret = value(names.clientSecret).toUtf8();
    if (!anySet)
        return std::nullopt;
    // UnlimCall: a token, when set, wins over OAuth client credentials.
    if (vendor == Vendor::UnlimCall && !credentials.token.isEmpty()) {
        credentials.clientId.clear();
        credentials.clientSecret.clear();
    }
    return credentials.normalized();
}

} // namespace CredentialsFromEnvironment
