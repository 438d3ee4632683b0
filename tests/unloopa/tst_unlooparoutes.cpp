#include "unloopa/UnloopaRoutes.h"

#include <QSet>
#include <QTest>

using namespace UnloopaRoutes;

// The one table of Unloopa routes that the service and the sandbox share.
class TestUnloopaRoutes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tableIsInEnumOrderAndComplete()
    {
        const QList<Route> &routes = all();
        QCOMPARE(routes.size(), static_cast<int>(Op::CampaignUpdate) + 1);
        for (int i = 0; i < routes.size(); ++i)
            QCOMPARE(static_cast<int>(routes.at(i).op), i);
    }

    void everyMethodAndPathPairIsUnique()
    {
        QSet<QString> seen;
        for (const Route &r : all()) {
            const QString key = QString::fromLatin1(r.method) + u' ' + r.pattern;
            QVERIFY2(!seen.contains(key), qPrintable(key));
            seen.insert(key);
        }
    }

    void chosenRoutesAreTheConventionalOnes()
    {
        QCOMPARE(route(Op::Calls).method, QByteArray("GET"));
        QCOMPARE(path(Op::Calls), QStringLiteral("/voice/calls"));
        QCOMPARE(route(Op::TemplateUpdate).method, QByteArray("PATCH"));
        QCOMPARE(route(Op::NumberRelease).method, QByteArray("DELETE"));
        QVERIFY(!route(Op::AgentDelete).documented);
        QVERIFY(route(Op::CampaignUpdate).documented);
    }

    void idIsPercentEncodedIntoThePath()
    {
        QCOMPARE(path(Op::Call, QStringLiteral("c-1")), QStringLiteral("/voice/calls/c-1"));
        QCOMPARE(path(Op::Campaign, QStringLiteral("a/b?c")), QStringLiteral("/voice/campaigns/a%2Fb%3Fc"));
        QCOMPARE(path(Op::Numbers, QStringLiteral("ignored")), QStringLiteral("/phone-numbers"));
    }
};

QTEST_APPLESS_MAIN(TestUnloopaRoutes)
#include "tst_unlooparoutes.moc"
