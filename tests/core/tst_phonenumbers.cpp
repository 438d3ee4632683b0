#include "TestMain.h"

#include "phone/PhoneNumbers.h"

// Operators type numbers every which way; the console must store and send E.164 and refuse
// what is not a real number before it reaches a vendor.
class TestPhoneNumbers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalisesToE164_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("e164");
        QTest::newRow("US national with punctuation") << "(415) 555-2671"
                                                      << "US"
                                                      << "+14155552671";
        QTest::newRow("US with country code and spaces") << "+1 415 555 2671"
                                                         << "US"
                                                         << "+14155552671";
        QTest::newRow("UK international") << "+44 20 7183 8750"
                                          << "US"
                                          << "+442071838750";
        QTest::newRow("UK national, UK default") << "020 7183 8750"
                                                 << "GB"
                                                 << "+442071838750";
        QTest::newRow("German with 00 prefix, DE default") << "0049 30 901820"
                                                           << "DE"
                                                           << "+4930901820";
        QTest::newRow("India, Verloop style digits") << "+918123002929"
                                                     << "IN"
                                                     << "+918123002929";
    }
    void normalisesToE164()
    {
        QFETCH(QString, typed);
        QFETCH(QString, region);
        QFETCH(QString, e164);
        QCOMPARE(PhoneNumbers::toE164(typed, region).value_or(QStringLiteral("<refused>")), e164);
        QVERIFY(PhoneNumbers::isValid(typed, region));
        QVERIFY(PhoneNumbers::problem(typed, region).isEmpty());
    }

    void refusesWhatIsNotANumber_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::newRow("empty") << "";
        QTest::newRow("letters") << "call me maybe";
        QTest::newRow("too short") << "+1 415";
        QTest::newRow("unassigned US area code 555-0100 range is fine but 000 is not") << "+1 000 555 2671";
        QTest::newRow("bad country code") << "+999 1234 5678";
    }
    void refusesWhatIsNotANumber()
    {
        QFETCH(QString, typed);
        QVERIFY(!PhoneNumbers::toE164(typed).has_value());
        QVERIFY(!PhoneNumbers::isValid(typed));
        QVERIFY2(!PhoneNumbers::problem(typed).isEmpty(), "an invalid number must come with a reason");
    }

    void formatsForDisplayAndTellsRegion()
    {
        QCOMPARE(PhoneNumbers::formatInternational(QStringLiteral("+442071838750")),
                 QStringLiteral("+44 20 7183 8750"));
        QCOMPARE(PhoneNumbers::formatInternational(QStringLiteral("not a number")),
                 QStringLiteral("not a number"));
        QCOMPARE(PhoneNumbers::regionOf(QStringLiteral("+442071838750")), QStringLiteral("GB"));
        QCOMPARE(PhoneNumbers::regionOf(QStringLiteral("+14155552671")), QStringLiteral("US"));
    }
};

CC_TEST_GUILESS_MAIN(TestPhoneNumbers)
#include "tst_phonenumbers.moc"
