#include "TestMain.h"

#include "phone/PhoneTimeZones.h"

// The calling window is judged in the recipient's zone, which comes from the number through the
// table generated from libphonenumber's data. The expected zones below are what Python's
// phonenumbers 8.12.57 (`phonenumbers.timezone.time_zones_for_number`) answers for each number:
// the committed table must give the same.
class TestPhoneTimeZones : public QObject
{
    Q_OBJECT
private:
    static QString ids(const QList<QTimeZone> &zones)
    {
        QStringList names;
        for (const QTimeZone &zone : zones)
            names.append(QString::fromUtf8(zone.id()));
        return names.join(u' ');
    }

private Q_SLOTS:
    void zonesAsLibphonenumberGivesThem_data()
    {
        QTest::addColumn<QString>("e164");
        QTest::addColumn<QString>("zones");
        // Longest prefix wins: "1305" is Miami's area code, "1" alone would be every NANP zone.
        QTest::newRow("Miami") << "+13055551234"
                               << "America/New_York";
        QTest::newRow("Los Angeles") << "+13105551234"
                                     << "America/Los_Angeles";
        QTest::newRow("Chicago") << "+17735551234"
                                 << "America/Chicago";
        QTest::newRow("Alaska spans two zones") << "+19075550123"
                                                << "America/Adak America/Anchorage";
        QTest::newRow("Arizona, DST and not") << "+15205551234"
                                              << "America/Denver America/Phoenix";
        QTest::newRow("London fixed line") << "+442071838750"
                                           << "Europe/London";
        QTest::newRow("Paris fixed line") << "+33142685300"
                                          << "Europe/Paris";
        QTest::newRow("Sydney fixed line") << "+61212345678"
                                           << "Australia/Sydney";
        QTest::newRow("Mongolia, two zones") << "+976136234567"
                                             << "Asia/Choibalsan Asia/Ulaanbaatar";
        // Mobiles that are not tied to a place get every zone of their country code.
        QTest::newRow("UK mobile: country level")
                << "+447911123456"
                << "Europe/Guernsey Europe/Isle_of_Man Europe/Jersey Europe/London";
        QTest::newRow("Australian mobile: country level")
                << "+61412345678"
                << "Australia/Adelaide Australia/Brisbane Australia/Eucla Australia/Lord_Howe "
                   "Australia/Perth Australia/Sydney Indian/Christmas Indian/Cocos";
        QTest::newRow("Indian mobile") << "+918123002929"
                                       << "Asia/Calcutta";
        QTest::newRow("US toll-free: every NANP zone")
                << "+18005551234"
                << "America/Adak America/Anchorage America/Anguilla America/Antigua America/Barbados "
                   "America/Boise America/Cayman America/Chicago America/Denver America/Dominica "
                   "America/Edmonton America/Fort_Nelson America/Grand_Turk America/Grenada "
                   "America/Halifax America/Jamaica America/Juneau America/Los_Angeles "
                   "America/Lower_Princes America/Montserrat America/Nassau America/New_York "
                   "America/North_Dakota/Center America/Phoenix America/Port_of_Spain "
                   "America/Puerto_Rico America/Regina America/Santo_Domingo America/St_Johns "
                   "America/St_Kitts America/St_Lucia America/St_Thomas America/St_Vincent "
                   "America/Toronto America/Tortola America/Vancouver America/Winnipeg "
                   "Atlantic/Bermuda Pacific/Guam Pacific/Honolulu Pacific/Pago_Pago Pacific/Saipan";
    }
    void zonesAsLibphonenumberGivesThem()
    {
        QFETCH(QString, e164);
        QFETCH(QString, zones);
        QCOMPARE(ids(PhoneTimeZones::zonesFor(e164)), zones);
    }

    // No zone means the guard refuses the call ("unknown_time_zone"): it must never guess.
    void unknownIsEmpty_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("not E.164: no plus") << "13055551234";
        QTest::newRow("invalid number") << "+447700900123";
        QTest::newRow("international freephone (Etc/Unknown)") << "+80012345678";
        QTest::newRow("letters") << "+call me";
    }
    void unknownIsEmpty()
    {
        QFETCH(QString, text);
        QCOMPARE(ids(PhoneTimeZones::zonesFor(text)), QString());
    }

    void tellsItsDataVersion() { QCOMPARE(PhoneTimeZones::dataVersion(), QStringLiteral("8.12.57")); }
};

CC_TEST_GUILESS_MAIN(TestPhoneTimeZones)
#include "tst_phonetimezones.moc"
