// What the credentials are, without a keychain: per-vendor completeness and format checks,
// the keychain blob, environment variables for scripts, and the authenticator each vendor gets.
#include "TestMain.h"

#include "credentials/Authenticators.h"
#include "credentials/CredentialsFromEnvironment.h"
#include "credentials/VendorCredentials.h"

#include <QNetworkRequest>

namespace {

VendorCredentials make(Vendor vendor, const QByteArray &token, const QString &clientId = {},
                       const QString &workspaceId = {}, const QByteArray &clientSecret = {})
{
    return {vendor, QStringLiteral("default"), token, clientId, workspaceId, clientSecret};
}

} // namespace

class TestVendorCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validate_data();
    void validate();
    void validateNeverQuotesTheSecret();
    void accountNames_data();
    void accountNames();
    void normalized();
    void secretBlobRoundTrip();
    void secretBlobRejectsGarbage();
    void environment_data();
    void environment();
    void environmentVariableNames();
    void authenticators_data();
    void authenticators();
};

void TestVendorCredentials::validate_data()
{
    QTest::addColumn<VendorCredentials>("credentials");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<QString>("problem"); // a word the sentence must contain; empty = valid

    QTest::newRow("unloopa ok") << make(Vendor::Unloopa, "unlpa_live_abc123") << true << QString();
    QTest::newRow("unloopa missing") << make(Vendor::Unloopa, {}) << false << QStringLiteral("missing");
    QTest::newRow("unloopa wrong prefix")
            << make(Vendor::Unloopa, "unl_live_abc123") << true << QStringLiteral("unlpa_live_");
    QTest::newRow("unloopa prefix only")
            << make(Vendor::Unloopa, "unlpa_live_") << true << QStringLiteral("unlpa_live_");
    QTest::newRow("unloopa inner space")
            << make(Vendor::Unloopa, "unlpa_live_ab c") << true << QStringLiteral("spaces");
    QTest::newRow("unloopa newline") << make(Vendor::Unloopa, "unlpa_live_abc\n") << true
                                     << QStringLiteral("line breaks");

    QTest::newRow("unlimcall ok") << make(Vendor::UnlimCall, "unl_live_xyz") << true << QString();
    QTest::newRow("unlimcall unloopa key")
            << make(Vendor::UnlimCall, "unlpa_live_xyz") << true << QStringLiteral("unl_live_");
    QTest::newRow("unlimcall missing") << make(Vendor::UnlimCall, {}) << false << QStringLiteral("missing");
    QTest::newRow("unlimcall oauth ok")
            << make(Vendor::UnlimCall, {}, QStringLiteral("client_1"), {}, "s3cr3t") << true << QString();
    QTest::newRow("unlimcall oauth no secret") << make(Vendor::UnlimCall, {}, QStringLiteral("client_1"))
                                               << false << QStringLiteral("client secret");
    QTest::newRow("unlimcall oauth no id")
            << make(Vendor::UnlimCall, {}, {}, {}, "s3cr3t") << false << QStringLiteral("client id");

    QTest::newRow("verloop ok") << make(Vendor::Verloop, "any-token", QStringLiteral("acme-sales")) << true
                                << QString();
    QTest::newRow("verloop no token")
            << make(Vendor::Verloop, {}, QStringLiteral("acme")) << false << QStringLiteral("missing");
    QTest::newRow("verloop no client id")
            << make(Vendor::Verloop, "tok") << false << QStringLiteral("client id");
    QTest::newRow("verloop client id is a url")
            << make(Vendor::Verloop, "tok", QStringLiteral("https://acme.verloop.io")) << true
            << QStringLiteral("subdomain");
    QTest::newRow("verloop client id with dot")
            << make(Vendor::Verloop, "tok", QStringLiteral("acme.eu")) << true << QStringLiteral("subdomain");
    QTest::newRow("verloop client id leading hyphen")
            << make(Vendor::Verloop, "tok", QStringLiteral("-acme")) << true << QStringLiteral("subdomain");
    QTest::newRow("verloop client id too long") << make(Vendor::Verloop, "tok", QString(64, QLatin1Char('a')))
                                                << true << QStringLiteral("subdomain");
    QTest::newRow("verloop client id 63")
            << make(Vendor::Verloop, "tok", QString(63, QLatin1Char('a'))) << true << QString();

    QTest::newRow("outreach ok") << make(Vendor::Outreach2day, "ot2d_k", {}, QStringLiteral("42")) << true
                                 << QString();
    QTest::newRow("outreach no workspace")
            << make(Vendor::Outreach2day, "ot2d_k") << false << QStringLiteral("workspace");
    QTest::newRow("outreach workspace not numeric")
            << make(Vendor::Outreach2day, "ot2d_k", {}, QStringLiteral("ws-42")) << true
            << QStringLiteral("number");
    QTest::newRow("outreach negative workspace")
            << make(Vendor::Outreach2day, "ot2d_k", {}, QStringLiteral("-42")) << true
            << QStringLiteral("number");
    QTest::newRow("outreach wrong prefix") << make(Vendor::Outreach2day, "whsec_k", {}, QStringLiteral("42"))
                                           << true << QStringLiteral("ot2d_");
}

void TestVendorCredentials::validate()
{
    QFETCH(VendorCredentials, credentials);
    QFETCH(bool, complete);
    QFETCH(QString, problem);

    QCOMPARE(credentials.isComplete(), complete);
    const QString sentence = credentials.validate();
    if (problem.isEmpty()) {
        QVERIFY2(sentence.isEmpty(), qPrintable(sentence));
    } else {
        QVERIFY2(sentence.contains(problem), qPrintable(sentence));
        QVERIFY(sentence.endsWith(QLatin1Char('.')) || sentence.endsWith(QLatin1String(").")));
        QVERIFY(sentence.contains(Vendors::displayName(credentials.vendor)));
    }
}

void TestVendorCredentials::validateNeverQuotesTheSecret()
{
    const VendorCredentials wrong = make(Vendor::Unloopa, "sk_live_S3CRET");
    QVERIFY(!wrong.validate().isEmpty());
    QVERIFY(!wrong.validate().contains(QLatin1String("S3CRET")));
}

void TestVendorCredentials::accountNames_data()
{
    QTest::addColumn<QString>("account");
    QTest::addColumn<bool>("valid");
    QTest::newRow("default") << QStringLiteral("default") << true;
    QTest::newRow("email") << QStringLiteral("ops+eu@acme.com") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("space") << QStringLiteral("a b") << false;
    QTest::newRow("too long") << QString(65, QLatin1Char('a')) << false;
}

void TestVendorCredentials::accountNames()
{
    QFETCH(QString, account);
    QFETCH(bool, valid);
    QCOMPARE(VendorCredentials::isValidAccountName(account), valid);
    VendorCredentials credentials = make(Vendor::Unloopa, "unlpa_live_x");
    credentials.account = account;
    QCOMPARE(credentials.validate().isEmpty(), valid);
}

void TestVendorCredentials::normalized()
{
    const VendorCredentials pasted = make(Vendor::Verloop, "  tok123\n", QStringLiteral(" Acme-Sales "),
                                          QStringLiteral(" 42 "), " s\t");
    const VendorCredentials clean = pasted.normalized();
    QCOMPARE(clean.token, QByteArray("tok123"));
    QCOMPARE(clean.clientId, QStringLiteral("acme-sales"));
    QCOMPARE(clean.workspaceId, QStringLiteral("42"));
    QCOMPARE(clean.clientSecret, QByteArray("s"));
    QVERIFY(clean.validate().isEmpty());
}

void TestVendorCredentials::secretBlobRoundTrip()
{
    const VendorCredentials original = make(Vendor::UnlimCall, "unl_live_\xc3\xa9\"quoted\"",
                                            QStringLiteral("client"), QStringLiteral("7"), "sec\\ret");
    const QByteArray blob = original.toSecretBlob();
    const std::optional<VendorCredentials> back =
            VendorCredentials::fromSecretBlob(Vendor::UnlimCall, QStringLiteral("default"), blob);
    QVERIFY(back);
    QVERIFY(*back == original);
    // Empty fields are left out: the blob is small.
    QVERIFY(!make(Vendor::Unloopa, "unlpa_live_x").toSecretBlob().contains("workspaceId"));
}

void TestVendorCredentials::secretBlobRejectsGarbage()
{
    for (const QByteArray &blob : {QByteArray(), QByteArray("unlpa_live_abc"), QByteArray("[1,2]"),
                                   QByteArray(R"({"token":"x"})") /* no version */}) {
        QVERIFY2(!VendorCredentials::fromSecretBlob(Vendor::Unloopa, QStringLiteral("default"), blob),
                 blob.constData());
    }
}

void TestVendorCredentials::environment_data()
{
    QTest::addColumn<QStringList>("variables"); // NAME=value
    QTest::addColumn<int>("vendor");
    QTest::addColumn<bool>("found");
    QTest::addColumn<VendorCredentials>("expected");
    QTest::addColumn<bool>("valid");

    QTest::newRow("unloopa") << QStringList{QStringLiteral("UNLOOPA_API_KEY=unlpa_live_env")}
                             << int(Vendor::Unloopa) << true << make(Vendor::Unloopa, "unlpa_live_env")
                             << true;
    QTest::newRow("unloopa trailing newline")
            << QStringList{QStringLiteral("UNLOOPA_API_KEY=unlpa_live_env\n")} << int(Vendor::Unloopa) << true
            << make(Vendor::Unloopa, "unlpa_live_env") << true;
    QTest::newRow("unloopa unset") << QStringList{QStringLiteral("UNLIMCALL_API_TOKEN=unl_live_x")}
                                   << int(Vendor::Unloopa) << false << VendorCredentials{} << false;
    QTest::newRow("unloopa empty") << QStringList{QStringLiteral("UNLOOPA_API_KEY=")} << int(Vendor::Unloopa)
                                   << false << VendorCredentials{} << false;
    QTest::newRow("unlimcall") << QStringList{QStringLiteral("UNLIMCALL_API_TOKEN=unl_live_x")}
                               << int(Vendor::UnlimCall) << true << make(Vendor::UnlimCall, "unl_live_x")
                               << true;
    const VendorCredentials oauth = make(Vendor::UnlimCall, {}, QStringLiteral("client-7"), {}, "s3cret");
    QTest::newRow("unlimcall oauth") << QStringList{QStringLiteral("UNLIMCALL_CLIENT_ID=client-7"),
                                                    QStringLiteral("UNLIMCALL_CLIENT_SECRET=s3cret\n")}
                                     << int(Vendor::UnlimCall) << true << oauth << true;
    QTest::newRow("unlimcall token wins over oauth")
            << QStringList{QStringLiteral("UNLIMCALL_API_TOKEN=unl_live_x"),
                           QStringLiteral("UNLIMCALL_CLIENT_ID=client-7"),
                           QStringLiteral("UNLIMCALL_CLIENT_SECRET=s3cret")}
            << int(Vendor::UnlimCall) << true << make(Vendor::UnlimCall, "unl_live_x") << true;
    const VendorCredentials secretOnly = make(Vendor::UnlimCall, {}, {}, {}, "s3cret");
    QTest::newRow("unlimcall secret without client id")
            << QStringList{QStringLiteral("UNLIMCALL_CLIENT_SECRET=s3cret")} << int(Vendor::UnlimCall) << true
            << secretOnly << false;
    QTest::newRow("verloop") << QStringList{QStringLiteral("VERLOOP_API_TOKEN=vtok"),
                                            QStringLiteral("VERLOOP_CLIENT_ID=Acme")}
                             << int(Vendor::Verloop) << true
                             << make(Vendor::Verloop, "vtok", QStringLiteral("acme")) << true;
    QTest::newRow("verloop without client id")
            << QStringList{QStringLiteral("VERLOOP_API_TOKEN=vtok")} << int(Vendor::Verloop) << true
            << make(Vendor::Verloop, "vtok") << false;
    QTest::newRow("verloop client id only")
            << QStringList{QStringLiteral("VERLOOP_CLIENT_ID=acme")} << int(Vendor::Verloop) << true
            << make(Vendor::Verloop, {}, QStringLiteral("acme")) << false;
    QTest::newRow("outreach") << QStringList{QStringLiteral("OUTREACH2DAY_API_KEY=ot2d_k"),
                                             QStringLiteral("OUTREACH2DAY_WORKSPACE_ID=42")}
                              << int(Vendor::Outreach2day) << true
                              << make(Vendor::Outreach2day, "ot2d_k", {}, QStringLiteral("42")) << true;
    QTest::newRow("outreach without workspace")
            << QStringList{QStringLiteral("OUTREACH2DAY_API_KEY=ot2d_k")} << int(Vendor::Outreach2day) << true
            << make(Vendor::Outreach2day, "ot2d_k") << false;
}

void TestVendorCredentials::environment()
{
    QFETCH(QStringList, variables);
    QFETCH(int, vendor);
    QFETCH(bool, found);
    QFETCH(VendorCredentials, expected);
    QFETCH(bool, valid);

    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin"));
    for (const QString &variable : std::as_const(variables)) {
        const qsizetype equals = variable.indexOf(QLatin1Char('='));
        environment.insert(variable.left(equals), variable.mid(equals + 1));
    }

    const std::optional<VendorCredentials> read =
            CredentialsFromEnvironment::read(Vendor(vendor), environment);
    QCOMPARE(read.has_value(), found);
    if (!found)
        return;
    QVERIFY(*read == expected);
    QCOMPARE(read->account, QStringLiteral("default"));
    QCOMPARE(read->validate().isEmpty(), valid);
}

void TestVendorCredentials::environmentVariableNames()
{
    QCOMPARE(CredentialsFromEnvironment::variableNames(Vendor::Unloopa),
             QStringList{QStringLiteral("UNLOOPA_API_KEY")});
    QCOMPARE(CredentialsFromEnvironment::variableNames(Vendor::Verloop),
             (QStringList{QStringLiteral("VERLOOP_API_TOKEN"), QStringLiteral("VERLOOP_CLIENT_ID")}));
    QCOMPARE(CredentialsFromEnvironment::variableNames(Vendor::Outreach2day),
             (QStringList{QStringLiteral("OUTREACH2DAY_API_KEY"),
                          QStringLiteral("OUTREACH2DAY_WORKSPACE_ID")}));
    QCOMPARE(CredentialsFromEnvironment::variableNames(Vendor::UnlimCall),
             (QStringList{QStringLiteral("UNLIMCALL_API_TOKEN"), QStringLiteral("UNLIMCALL_CLIENT_ID"),
                          QStringLiteral("UNLIMCALL_CLIENT_SECRET")}));
    QCOMPARE(CredentialsFromEnvironment::whatToSet(Vendor::UnlimCall),
             QStringLiteral("UNLIMCALL_API_TOKEN, or UNLIMCALL_CLIENT_ID and UNLIMCALL_CLIENT_SECRET"));
}

void TestVendorCredentials::authenticators_data()
{
    QTest::addColumn<VendorCredentials>("credentials");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("unloopa") << make(Vendor::Unloopa, "unlpa_live_a") << QByteArray("Bearer unlpa_live_a");
    QTest::newRow("unlimcall") << make(Vendor::UnlimCall, "unl_live_b") << QByteArray("Bearer unl_live_b");
    QTest::newRow("verloop raw") << make(Vendor::Verloop, "vtok", QStringLiteral("acme"))
                                 << QByteArray("vtok");
    QTest::newRow("outreach") << make(Vendor::Outreach2day, "ot2d_c", {}, QStringLiteral("1"))
                              << QByteArray("Bearer ot2d_c");
}

void TestVendorCredentials::authenticators()
{
    QFETCH(VendorCredentials, credentials);
    QFETCH(QByteArray, header);

    const std::shared_ptr<Authenticator> authenticator = makeAuthenticator(credentials, {});
    QVERIFY(authenticator);
    QVERIFY(authenticator->hasCredentials());
    QNetworkRequest request;
    authenticator->authorize(request);
    QCOMPARE(request.rawHeader("Authorization"), header);
    QCOMPARE(authenticator->secrets(), QList<QByteArray>{credentials.token});
}

CC_TEST_GUILESS_MAIN(TestVendorCredentials)
#include "tst_vendorcredentials.moc"
