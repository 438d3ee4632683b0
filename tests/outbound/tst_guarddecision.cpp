#include "TestMain.h"

#include "outbound/OutboundTypes.h"

#include <QJsonArray>

// The guard's decision as the dry run and the CLI show it: counts, refusals by reason in the order
// they first appear, and the JSON every contacting command prints.
class TestGuardDecision : public QObject
{
    Q_OBJECT

private:
    static RecipientVerdict verdict(const QString &number, RecipientVerdict::Verdict kind,
                                    const QString &code)
    {
        RecipientVerdict v;
        v.recipient = Recipient::phone(number, QStringLiteral("Lead ") + number.right(2));
        v.verdict = kind;
        v.reasonCode = code;
        v.reason = code == QLatin1String("allowed") ? QString() : QStringLiteral("because ") + code;
        return v;
    }

    static GuardDecision mixed()
    {
        using V = RecipientVerdict::Verdict;
        GuardDecision decision;
        decision.verdicts = {
                verdict(QStringLiteral("+13055550101"), V::Allowed, QStringLiteral("allowed")),
                verdict(QStringLiteral("+13055550102"), V::Refused, QStringLiteral("do_not_contact")),
                verdict(QStringLiteral("+13055550103"), V::NeedsOverride,
                        QStringLiteral("outside_calling_window")),
                verdict(QStringLiteral("+13055550104"), V::Refused, QStringLiteral("do_not_contact")),
                verdict(QStringLiteral("+13055550105"), V::Allowed, QStringLiteral("allowed"))};
        return decision;
    }

private Q_SLOTS:
    void recipientsAreNormalised()
    {
        QCOMPARE(Recipient::email(QStringLiteral("  Jane.Doe@Example.COM ")).address,
                 QStringLiteral("jane.doe@example.com"));
        QCOMPARE(Recipient::phone(QStringLiteral("+13055550101")).channel, Recipient::Channel::Phone);
    }

    void countsAndReasons()
    {
        const GuardDecision decision = mixed();
        QCOMPARE(decision.allowedCount(), 2);
        QCOMPARE(decision.refusedCount(), 3); // needs-override counts as not sent
        QVERIFY(!decision.allAllowed());
        const QList<QPair<QString, int>> expected{{QStringLiteral("do_not_contact"), 2},
                                                  {QStringLiteral("outside_calling_window"), 1}};
        QCOMPARE(decision.refusedByReason(), expected);

        GuardDecision allowed;
        allowed.verdicts = {mixed().verdicts.first()};
        QVERIFY(allowed.allAllowed());
        QVERIFY2(!GuardDecision().allAllowed(), "nobody to reach is nothing to send");
    }

    void json()
    {
        const QJsonObject json = mixed().toJson();
        QCOMPARE(json.value(QLatin1String("allowed")).toInt(), 2);
        QCOMPARE(json.value(QLatin1String("refused")).toInt(), 3);
        QCOMPARE(json.value(QLatin1String("refusedByReason")).toObject(),
                 (QJsonObject{{QStringLiteral("do_not_contact"), 2},
                              {QStringLiteral("outside_calling_window"), 1}}));
        const QJsonArray recipients = json.value(QLatin1String("recipients")).toArray();
        QCOMPARE(recipients.size(), 5);
        const QJsonObject third = recipients.at(2).toObject();
        QCOMPARE(third.value(QLatin1String("recipient")).toString(), QStringLiteral("+13055550103"));
        QCOMPARE(third.value(QLatin1String("label")).toString(), QStringLiteral("Lead 03"));
        QCOMPARE(third.value(QLatin1String("channel")).toString(), QStringLiteral("phone"));
        QCOMPARE(third.value(QLatin1String("verdict")).toString(), QStringLiteral("needs_override"));
        QCOMPARE(third.value(QLatin1String("reasonCode")).toString(),
                 QStringLiteral("outside_calling_window"));
        QCOMPARE(third.value(QLatin1String("reason")).toString(),
                 QStringLiteral("because outside_calling_window"));
        QCOMPARE(third.value(QLatin1String("overridden")).toBool(), false);
        QCOMPARE(recipients.at(0).toObject().value(QLatin1String("verdict")).toString(),
                 QStringLiteral("allowed"));
        QCOMPARE(recipients.at(1).toObject().value(QLatin1String("verdict")).toString(),
                 QStringLiteral("refused"));
    }
};

CC_TEST_GUILESS_MAIN(TestGuardDecision)
#include "tst_guarddecision.moc"
