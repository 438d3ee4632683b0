#include "VendorCredentials.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

bool hasWhitespaceOrControl(const QByteArray &value)
{
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return true;
    }
    return false;
}

// A DNS label (RFC 1123): what can stand in front of ".verloop.io".
bool isDnsLabel(const QString &value)
{
    static const QRegularExpression label(QStringLiteral("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"),
                                          QRegularExpression::CaseInsensitiveOption);
    return label.match(value).hasMatch();
}

bool isDecimalId(const QString &value)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,18}$"));
    return digits.match(value).hasMatch();
}

QString validateToken(Vendor vendor, const QByteArray &token)
{
    const QString who = Vendors::displayName(vendor);
    if (token.isEmpty())
        return QStringLiteral("The %1 %2 is missing: paste it from your %1 dashboard.")
                .arg(who, VendorCredentials::tokenName(vendor));
    if (hasWhitespaceOrControl(token))
        return QStringLiteral(
                       "The %1 %2 contains spaces or line breaks: copy it again from your %1 dashboard.")
                .arg(who, VendorCredentials::tokenName(vendor));
    const QByteArray prefix = VendorCredentials::tokenPrefix(vendor);
    if (!prefix.isEmpty() && (!token.startsWith(prefix) || token.size() == prefix.size()))
        return QStringLiteral("This does not look like a %1 %2: %1 keys start with \"%3\".")
                .arg(who, VendorCredentials::tokenName(vendor), QString::fromLatin1(prefix));
    return {};
}

} // namespace

bool VendorCredentials::usesOAuth() const
{
    return vendor == Vendor::UnlimCall && token.isEmpty() && !clientSecret.isEmpty();
}

bool VendorCredentials::isComplete() const
{
    switch (vendor) {
    case Vendor::Unloopa:
        return !token.isEmpty();
    case Vendor::UnlimCall:
        return !token.isEmpty() || (!clientId.isEmpty() && !clientSecret.isEmpty());
    case Vendor::Verloop:
        return !token.isEmpty() && !clientId.isEmpty();
    case Vendor::Outreach2day:
        return !token.isEmpty() && !workspaceId.isEmpty();
    }
    return false;
}

QString VendorCredentials::validate() const
{
    const QString who = Vendors::displayName(vendor);
    if (!isValidAccountName(account))
        return QStringLiteral("The account name must be 1 to 64 letters, digits or . _ - @ + characters.");

    switch (vendor) {
    case Vendor::Unloopa:
        return validateToken(vendor, token);
    case Vendor::UnlimCall:
        if (usesOAuth() || (token.isEmpty() && !clientId.isEmpty())) {
            if (clientId.isEmpty())
                return QStringLiteral("The UnlimCall OAuth client id is missing: copy it from the portal's "
                                      "integration settings.");
            if (clientId.contains(QRegularExpression(QStringLiteral("\\s"))))
                return QStringLiteral(
                        "The UnlimCall OAuth client id contains spaces: copy it again from the portal.");
            if (clientSecret.isEmpty())
                return QStringLiteral("The UnlimCall OAuth client secret is missing: copy it from the "
                                      "portal's integration settings.");
            if (hasWhitespaceOrControl(clientSecret))
                return QStringLiteral(
                        "The UnlimCall OAuth client secret contains spaces or line breaks: copy it again.");
            return {};
        }
        return validateToken(vendor, token);
    case Vendor::Verloop:
        if (const QString problem = validateToken(vendor, token); !problem.isEmpty())
            return problem;
        if (clientId.isEmpty())
            return QStringLiteral(
                    "The Verloop client id is missing: it is the subdomain of your Verloop dashboard "
                    "address (\"acme\" for https://acme.verloop.io).");
        if (!isDnsLabel(clientId))
            return QStringLiteral(
                    "The Verloop client id must be the subdomain of your dashboard address: letters, "
                    "digits and hyphens only (\"acme\" for https://acme.verloop.io).");
        return {};
    case Vendor::Outreach2day:
        if (const QString problem = validateToken(vendor, token); !problem.isEmpty())
            return problem;
        if (workspaceId.isEmpty())
            return QStringLiteral(
                    "The Outreach2day workspace id is missing: it is the number in your workspace's "
                    "settings (workspaceId).");
        if (!isDecimalId(workspaceId))
            return QStringLiteral(
                    "The Outreach2day workspace id must be a number, as shown in your workspace's settings.");
        return {};
    }
    return QStringLiteral("%1 credentials are not supported.").arg(who);
}

QList<QByteArray> VendorCredentials::secrets() const
{
    QList<QByteArray> result;
    if (!token.isEmpty())
        result.append(token);
    if (!clientSecret.isEmpty())
        result.append(clientSecret);
    return result;
}

VendorCredentials VendorCredentials::normalized() const
{
    VendorCredentials copy = *this;
    copy.account = account.trimmed();
    copy.token = token.trimmed();
    copy.clientSecret = clientSecret.trimmed();
    copy.clientId = clientId.trimmed();
    if (vendor == Vendor::Verloop)
        copy.clientId = copy.clientId.toLower();
    copy.workspaceId = workspaceId.trimmed();
    return copy;
}

QByteArray VendorCredentials::toSecretBlob() const
{
    QJsonObject object;
    object.insert(QStringLiteral("v"), 1);
    if (!token.isEmpty())
        object.insert(QStringLiteral("token"), QString::fromUtf8(token));
    if (!clientSecret.isEmpty())
        object.insert(QStringLiteral("clientSecret"), QString::fromUtf8(clientSecret));
    if (!clientId.isEmpty())
        object.insert(QStringLiteral("clientId"), clientId);
    if (!workspaceId.isEmpty())
        object.insert(QStringLiteral("workspaceId"), workspaceId);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<VendorCredentials> VendorCredentials::fromSecretBlob(Vendor vendor, const QString &account,
                                                                   const QByteArray &blob)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(blob, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("v")).toInt() != 1)
        return std::nullopt;

    VendorCredentials credentials;
    credentials.vendor = vendor;
    credentials.account = account;
    credentials.token = object.value(QStringLiteral("token")).toString().toUtf8();
    credentials.clientSecret = object.value(QStringLiteral("clientSecret")).toString().toUtf8();
    credentials.clientId = object.value(QStringLiteral("clientId")).toString();
    credentials.workspaceId = object.value(QStringLiteral("workspaceId")).toString();
    return credentials;
}

bool VendorCredentials::isValidAccountName(const QString &account)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9._@+-]{1,64}$"));
    return name.match(account).hasMatch();
}

bool operator==(const VendorCredentials &a, const VendorCredentials &b)
{
    return a.vendor == b.vendor && a.account == b.account && a.token == b.token && a.clientId == b.clientId &&
            a.workspaceId == b.workspaceId && a.clientSecret == b.clientSecret;
}

QByteArray VendorCredentials::tokenPrefix(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return QByteArrayLiteral("unlpa_live_");
    case Vendor::UnlimCall:
        return QByteArrayLiteral("unl_live_");
    case Vendor::Outreach2day:
        return QByteArrayLiteral("ot2d_");
    case Vendor::Verloop:
        break;
    }
    return {};
}

QString VendorCredentials::tokenName(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
    case Vendor::Outreach2day:
        return QStringLiteral("API key");
    case Vendor::UnlimCall:
    case Vendor::Verloop:
        break;
    }
    return QStringLiteral("API token");
}
