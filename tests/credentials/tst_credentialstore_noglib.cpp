// QtKeychain's libsecret backend answers through the GLib main loop: started with QT_NO_GLIB=1
// the console must explain the problem instead of waiting forever for the keychain.
#include "CredentialTestUtils.h"
#include "TestMain.h"

#include <QAbstractEventDispatcher>

using namespace CredentialTestUtils;

class TestCredentialStoreWithoutGlib : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void operationsExplainInsteadOfHanging();
};

void TestCredentialStoreWithoutGlib::operationsExplainInsteadOfHanging()
{
    QVERIFY(!QAbstractEventDispatcher::instance()->inherits("QEventDispatcherGlib"));
    CredentialStore store;

    const std::optional<ApiError> saved = save(store, sampleCredentials().at(0));
    QVERIFY(saved);
    QCOMPARE(saved->code, QStringLiteral("keychain_unavailable"));
    QVERIFY(saved->explanation.contains(QLatin1String("QT_NO_GLIB")));

    const Result<VendorCredentials> loaded = load(store, Vendor::Unloopa);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, QStringLiteral("keychain_unavailable"));

    const std::optional<ApiError> removed = remove(store, Vendor::Unloopa);
    QVERIFY(removed);
    QCOMPARE(removed->code, QStringLiteral("keychain_unavailable"));
}

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1"); // before the application picks its event dispatcher
    TestEnvironment::prepareBeforeApplication();
    QCoreApplication app(argc, argv);
    TestEnvironment::prepareAfterApplication();
    TestCredentialStoreWithoutGlib tc;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&tc, argc, argv);
}

#include "tst_credentialstore_noglib.moc"
