#include "CredentialsFromEnvironment.h"

namespace CredentialsFromEnvironment {

namespace {

struct Names
{
    QString token;
    QString clientId; // empty when the vendor has none
    QString workspaceId;
};

Names namesFor(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return {QStringLiteral("UNLOOPA_API_KEY"), {}, {}};
    case Vendor::UnlimCall:
        return {QStringLiteral("UNLIMCALL_API_TOKEN"), {}, {}};
    case Vendor::Verloop:
        return {QStringLiteral("VERLOOP_API_TOKEN"), QStringLiteral("VERLOOP_CLIENT_ID"), {}};
    case Vendor::Outreach2day:
        return {QStringLiteral("OUTREACH2DAY_API_KEY"), {}, QStringLiteral("OUTREACH2DAY_WORKSPACE_ID")};
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
    return result;
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
    if (!anySet)
        return std::nullopt;
    return credentials.normalized();
}

} // namespace CredentialsFromEnvironment
