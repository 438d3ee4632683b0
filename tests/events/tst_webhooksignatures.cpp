#include "TestMain.h"
#include "webhooks/WebhookHttpReader.h"
#include "webhooks/WebhookSignatures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>

using namespace WebhookSignatures;

// The verifiers as pure functions (README promises W1-W4, W8): the shared test vectors (three
// UnlimCall-style vectors checked against three independent implementations, and the Standard
// Webhooks anchor), the tolerance at its edges, rotation, and a fuzzed header parser and request
// reader. The same rules over real loopback HTTP are in tst_webhookreceiver.
class TestWebhookSignatures : public QObject
{
    Q_OBJECT

    QJsonObject m_vectors;

    QJsonObject vector(int index) const
    {
        return m_vectors.value(QLatin1String("vectors")).toArray().at(index).toObject();
    }
    static QByteArray bytes(const QJsonObject &o, const char *key)
    {
        return o.value(QLatin1String(key)).toString().toUtf8();
    }
    static QByteArray body(const QJsonObject &o) { return QByteArray::fromBase64(bytes(o, "body_b64")); }
    static qint64 t(const QJsonObject &o) { return qint64(o.value(QLatin1String("t")).toDouble()); }

    // A valid UnlimCall header for V1 at its own time.
    QByteArray validHeader() const { return bytes(vector(0), "header"); }

private Q_SLOTS:
    void initTestCase()
    {
        QFile file(QStringLiteral(CC_SOURCE_DIR "/tests/events/data/webhook-signatures.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_vectors = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(m_vectors.value(QLatin1String("vectors")).toArray().size(), 3);
    }

    // W8
    void unlimCallVectors_data()
    {
        QTest::addColumn<int>("index");
        QTest::newRow("V1 compact JSON") << 0;
        QTest::newRow("V2 pretty JSON, UTF-8, CRLF") << 1;
        QTest::newRow("V3 rotation") << 2;
    }
    void unlimCallVectors()
    {
        QFETCH(int, index);
        const QJsonObject v = vector(index);
        QCOMPARE(signUnlimCall(bytes(v, "secret"), t(v), body(v)), bytes(v, "sig"));
        const Verdict verdict = verifyUnlimCall(bytes(v, "header"), body(v), {bytes(v, "secret")}, t(v));
        QVERIFY2(verdict.ok(), qPrintable(reasonCode(verdict.failure)));
        QCOMPARE(verdict.secretIndex, 0);
        QCOMPARE(verdict.timestamp, t(v));
    }

    void theBase64DecodedKeyIsTheOtherConvention()
    {
        const QJsonObject v = vector(0);
        const QByteArray alt = bytes(v, "alt_sig_if_key_is_base64_decoded");
        const QByteArray header = "t=" + QByteArray::number(t(v)) + ",v1=" + alt;
        QCOMPARE(verifyUnlimCall(header, body(v), {bytes(v, "secret")}, t(v)).failure, Failure::Mismatch);
        QVERIFY(verifyUnlimCall(header, body(v), {bytes(v, "secret")}, t(v), SecretKey::Base64AfterPrefix)
                        .ok());
        QCOMPARE(verifyUnlimCall(bytes(v, "header"), body(v), {bytes(v, "secret")}, t(v),
                                 SecretKey::Base64AfterPrefix)
                         .failure,
                 Failure::Mismatch);
    }

    void standardWebhooksAnchor()
    {
        const QJsonObject v = m_vectors.value(QLatin1String("standard_webhooks")).toObject();
        const StandardHeaders headers{bytes(v, "msg_id"), QByteArray::number(t(v)), bytes(v, "signature")};
        QCOMPARE(signStandardWebhooks(bytes(v, "secret"), headers.id, headers.timestamp, body(v)),
                 headers.signature);
        QVERIFY(verifyStandardWebhooks(headers, body(v), {bytes(v, "secret")}, t(v)).ok());
        // Several entries, other versions ignored.
        StandardHeaders several = headers;
        several.signature = "v1a,AAAA v1,Zm9v " + headers.signature;
        // "Zm9v" is base64 but not 32 bytes: a malformed v1 entry refuses the header.
        QCOMPARE(verifyStandardWebhooks(several, body(v), {bytes(v, "secret")}, t(v)).failure,
                 Failure::SignatureMalformed);
        several.signature = "v1a,AAAA " + headers.signature;
        QVERIFY(verifyStandardWebhooks(several, body(v), {bytes(v, "secret")}, t(v)).ok());
        // W1 for this scheme too: the id, the time and the body are all signed.
        StandardHeaders otherId = headers;
        otherId.id = "msg_other";
        QCOMPARE(verifyStandardWebhooks(otherId, body(v), {bytes(v, "secret")}, t(v)).failure,
                 Failure::Mismatch);
        QCOMPARE(verifyStandardWebhooks(headers, QByteArray(body(v) + ' '), {bytes(v, "secret")}, t(v))
                         .failure,
                 Failure::Mismatch);
        // Each missing header has its own reason.
        QCOMPARE(verifyStandardWebhooks({{}, headers.timestamp, headers.signature}, body(v),
                                        {bytes(v, "secret")}, t(v))
                         .failure,
                 Failure::IdMissing);
        QCOMPARE(verifyStandardWebhooks({headers.id, {}, headers.signature}, body(v), {bytes(v, "secret")},
                                        t(v))
                         .failure,
                 Failure::TimestampMissing);
        QCOMPARE(verifyStandardWebhooks({headers.id, "12a", headers.signature}, body(v), {bytes(v, "secret")},
                                        t(v))
                         .failure,
                 Failure::TimestampNotNumeric);
        QCOMPARE(verifyStandardWebhooks({headers.id, headers.timestamp, {}}, body(v), {bytes(v, "secret")},
                                        t(v))
                         .failure,
                 Failure::HeaderMissing);
        QCOMPARE(verifyStandardWebhooks({headers.id, headers.timestamp, "v2,abc"}, body(v),
                                        {bytes(v, "secret")}, t(v))
                         .failure,
                 Failure::SignatureMissing);
        QCOMPARE(verifyStandardWebhooks(headers, body(v), {}, t(v)).failure, Failure::NoSecret);
        QCOMPARE(verifyStandardWebhooks(headers, body(v), {bytes(v, "secret")}, t(v) + 301).failure,
                 Failure::TimestampTooOld);
    }

    // W1
    void oneByteMoreOrLessIsRejected()
    {
        const QJsonObject v = vector(1);
        const QByteArray raw = body(v);
        QVERIFY(raw.endsWith('\n') && raw.contains("\r\n")); // the bytes, not a re-serialisation
        const QByteArrayList secret{bytes(v, "secret")};
        QCOMPARE(verifyUnlimCall(bytes(v, "header"), QByteArray(raw + ' '), secret, t(v)).failure,
                 Failure::Mismatch);
        QCOMPARE(verifyUnlimCall(bytes(v, "header"), raw.chopped(1), secret, t(v)).failure,
                 Failure::Mismatch);
        QByteArray flipped = raw;
        flipped[5] = char(flipped[5] ^ 0x01);
        QCOMPARE(verifyUnlimCall(bytes(v, "header"), flipped, secret, t(v)).failure, Failure::Mismatch);
    }

    // W2
    void toleranceBothWays_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<int>("failure");
        QTest::newRow("exactly 300 s old") << qint64(300) << int(Failure::None);
        QTest::newRow("301 s old") << qint64(301) << int(Failure::TimestampTooOld);
        QTest::newRow("exactly 300 s ahead") << qint64(-300) << int(Failure::None);
        QTest::newRow("301 s ahead") << qint64(-301) << int(Failure::TimestampInFuture);
        QTest::newRow("a day old") << qint64(86400) << int(Failure::TimestampTooOld);
    }
    void toleranceBothWays()
    {
        QFETCH(qint64, offset);
        QFETCH(int, failure);
        const QJsonObject v = vector(0);
        // now = t + offset: a positive offset makes the signature that much older.
        QCOMPARE(int(verifyUnlimCall(bytes(v, "header"), body(v), {bytes(v, "secret")}, t(v) + offset)
                             .failure),
                 failure);
        QCOMPARE(
                int(verifyStandardWebhooks({"msg_1", QByteArray::number(t(v)),
                                            signStandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                                                 "msg_1", QByteArray::number(t(v)), body(v))},
                                           body(v), {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, t(v) + offset)
                            .failure),
                failure);
    }

    // W3
    void rotationAndEntriesToIgnore()
    {
        const QJsonObject v = vector(2);
        const QByteArray oldSecret = bytes(v, "other_secret");
        const QByteArray newSecret = bytes(v, "secret");
        const QByteArray header = bytes(v, "header"); // v1 by the old secret, then by the new
        Verdict verdict = verifyUnlimCall(header, body(v), {newSecret, oldSecret}, t(v));
        QVERIFY(verdict.ok());
        QCOMPARE(verdict.secretIndex, 0);
        verdict = verifyUnlimCall(header, body(v), {"whsec_unrelated", oldSecret}, t(v));
        QVERIFY(verdict.ok());
        QCOMPARE(verdict.secretIndex, 1);
        QCOMPARE(verifyUnlimCall(header, body(v), {"whsec_unrelated"}, t(v)).failure, Failure::Mismatch);
        // Only the new signature, sent by the old secret's receiver: no.
        const QByteArray onlyNew = "t=" + QByteArray::number(t(v)) + ",v1=" + bytes(v, "sig");
        QCOMPARE(verifyUnlimCall(onlyNew, body(v), {oldSecret}, t(v)).failure, Failure::Mismatch);
        // v0 and junk entries are ignored, hex is case-insensitive, spaces around entries too.
        const QByteArray decorated =
                "v0=deadbeef, t=" + QByteArray::number(t(v)) + " ,junk,x=1,v1=" + bytes(v, "sig").toUpper();
        QVERIFY(verifyUnlimCall(decorated, body(v), {newSecret}, t(v)).ok());
        // A v0 made with the right secret is still not a v1.
        const QByteArray v0Only = "t=" + QByteArray::number(t(v)) + ",v0=" + bytes(v, "sig");
        QCOMPARE(verifyUnlimCall(v0Only, body(v), {newSecret}, t(v)).failure, Failure::SignatureMissing);
        QCOMPARE(verifyUnlimCall(header, body(v), {}, t(v)).failure, Failure::NoSecret);
    }

    void constantTimeCompare()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "ab"));
        QVERIFY(constantTimeEquals("", ""));
    }

    // W4: one reason per defect, each with its own code.
    void malformedHeaders_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("present");
        QTest::addColumn<int>("failure");
        const QByteArray sig = "9bda15725c16faf65496436c8ea518340da992d737e85441f79bd057667ab649";
        QTest::newRow("absent") << QByteArray() << false << int(Failure::HeaderMissing);
        QTest::newRow("empty") << QByteArray("") << true << int(Failure::HeaderEmpty);
        QTest::newRow("blank") << QByteArray("   ") << true << int(Failure::HeaderEmpty);
        QTest::newRow("no t") << QByteArray("v1=" + sig) << true << int(Failure::TimestampMissing);
        QTest::newRow("duplicate t") << QByteArray("t=1747852442,t=1747852442,v1=" + sig) << true
                                     << int(Failure::TimestampDuplicate);
        QTest::newRow("non-numeric t")
                << QByteArray("t=17478524x2,v1=" + sig) << true << int(Failure::TimestampNotNumeric);
        QTest::newRow("negative t") << QByteArray("t=-1747852442,v1=" + sig) << true
                                    << int(Failure::TimestampNotNumeric);
        QTest::newRow("empty t") << QByteArray("t=,v1=" + sig) << true << int(Failure::TimestampNotNumeric);
        QTest::newRow("huge t") << QByteArray("t=99999999999999999999999,v1=" + sig) << true
                                << int(Failure::TimestampNotNumeric);
        QTest::newRow("no v1") << QByteArray("t=1747852442") << true << int(Failure::SignatureMissing);
        QTest::newRow("short v1") << QByteArray("t=1747852442,v1=" + sig.left(63)) << true
                                  << int(Failure::SignatureMalformed);
        QTest::newRow("long v1") << QByteArray("t=1747852442,v1=" + sig + "0") << true
                                 << int(Failure::SignatureMalformed);
        QTest::newRow("v1 not hex") << QByteArray("t=1747852442,v1=" + sig.left(63) + "g") << true
                                    << int(Failure::SignatureMalformed);
    }
    void malformedHeaders()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, present);
        QFETCH(int, failure);
        const QJsonObject v = vector(0);
        const Verdict verdict = verifyUnlimCall(header, body(v), {bytes(v, "secret")}, t(v),
                                                SecretKey::WholeSecretUtf8, kDefaultToleranceSecs, present);
        QCOMPARE(int(verdict.failure), failure);
        QVERIFY(!verdict.ok());
    }

    void everyReasonHasItsOwnCodeAndSentence()
    {
        QSet<QString> codes;
        QSet<QString> sentences;
        const int last = int(Failure::Mismatch);
        for (int f = 0; f <= last; ++f) {
            codes.insert(reasonCode(Failure(f)));
            sentences.insert(explanation(Failure(f)));
        }
        QCOMPARE(codes.size(), last + 1);
        QCOMPARE(sentences.size(), last + 1);
        QVERIFY(!codes.contains(QStringLiteral("unknown")));
    }

    // W4: thousands of random and mutated headers never crash the parser and are never accepted.
    void fuzzedHeadersAreNeverAccepted()
    {
        const QJsonObject v = vector(0);
        const QByteArrayList secrets{bytes(v, "secret")};
        const QByteArray raw = body(v);
        const QByteArray valid = validHeader();
        QVERIFY(verifyUnlimCall(valid, raw, secrets, t(v)).ok());
        QRandomGenerator random(1347);
        const QByteArray alphabet = QByteArrayLiteral("tv01=,  9abcdefABCDEFx-_;\t\r\n\0\xff");
        QSet<int> seen;
        int tried = 0;
        for (int round = 0; round < 20000; ++round) {
            QByteArray header;
            if (round % 2 == 0) {
                // Random text from an alphabet that makes near-misses likely.
                const int length = int(random.bounded(120));
                for (int i = 0; i < length; ++i)
                    header.append(alphabet.at(random.bounded(int(alphabet.size()))));
            } else {
                // The valid header with one to three mutations, at least one inside the v1 digest
                // (so the digest can no longer be the right one).
                header = valid;
                const qsizetype digestStart = header.indexOf("v1=") + 3;
                const int at = int(digestStart + random.bounded(64));
                char replacement = header.at(at);
                while (QByteArray(1, replacement).toLower() == QByteArray(1, header.at(at)).toLower())
                    replacement = alphabet.at(random.bounded(int(alphabet.size())));
                header[at] = replacement;
                for (int m = int(random.bounded(3)); m > 0; --m) {
                    const int pos = int(random.bounded(int(header.size())));
                    switch (random.bounded(4)) {
                    case 0:
                        header.remove(pos, 1 + int(random.bounded(4)));
                        break;
                    case 1:
                        header.insert(pos, alphabet.at(random.bounded(int(alphabet.size()))));
                        break;
                    case 2:
                        header.prepend(header.left(int(header.indexOf(',') + 1))); // its first entry again
                        break;
                    default:
                        header.insert(pos, header.mid(int(random.bounded(int(header.size()))), 8));
                        break;
                    }
                }
            }
            const Verdict verdict = verifyUnlimCall(header, raw, secrets, t(v));
            ++tried;
            QVERIFY2(!verdict.ok(), header.constData());
            QVERIFY(verdict.failure != Failure::None);
            QVERIFY(!reasonCode(verdict.failure).isEmpty());
            seen.insert(int(verdict.failure));
            // The parser alone agrees: a parsed header has a timestamp and 32-byte digests.
            const UnlimCallHeader parsed = parseUnlimCallHeader(header);
            if (parsed.failure == Failure::None) {
                QVERIFY(!parsed.signatures.isEmpty());
                for (const QByteArray &digest : parsed.signatures)
                    QCOMPARE(digest.size(), 32);
            } else {
                QVERIFY(parsed.signatures.isEmpty());
            }
        }
        QCOMPARE(tried, 20000);
        // The fuzzing reached every header defect (not only one kind of failure).
        for (Failure f : {Failure::HeaderEmpty, Failure::TimestampMissing, Failure::TimestampDuplicate,
                          Failure::TimestampNotNumeric, Failure::SignatureMissing,
                          Failure::SignatureMalformed, Failure::Mismatch})
            QVERIFY2(seen.contains(int(f)), qPrintable(reasonCode(f)));
    }

    // The request reader, fuzzed: any bytes, fed at once or a byte at a time, give the same verdict
    // and never consume more than they were given.
    void fuzzedRequestHeadsAreReadTheSameInAnyPieces()
    {
        QRandomGenerator random(2718);
        const QList<QByteArray> pieces = {"POST",
                                          "GET",
                                          " ",
                                          "/hooks/unlimcall",
                                          "HTTP/1.1",
                                          "HTTP/2",
                                          "\r\n",
                                          "\n",
                                          "Content-Length: ",
                                          "12",
                                          "99999999999",
                                          "Transfer-Encoding: chunked",
                                          "X-Unlimcall-Signature: t=1,v1=00",
                                          ":",
                                          "\t",
                                          "a",
                                          QByteArrayLiteral("\0"),
                                          "Expect: 100-continue",
                                          "Content-Length: 5\r\n",
                                          "\r\n\r\n",
                                          "{}",
                                          "0123456789"};
        const QSet<int> statuses{400, 405, 411, 413, 431, 505};
        for (int round = 0; round < 5000; ++round) {
            QByteArray request;
            const int count = 1 + int(random.bounded(30));
            for (int i = 0; i < count; ++i)
                request += pieces.at(random.bounded(int(pieces.size())));
            WebhookHttpReader whole({256, 64});
            const qsizetype taken = whole.feed(request);
            QVERIFY(taken >= 0 && taken <= request.size());
            WebhookHttpReader trickle({256, 64});
            qsizetype trickled = 0;
            for (qsizetype i = 0; i < request.size(); ++i) {
                if (trickle.state() != WebhookHttpReader::State::ReadingHead &&
                    trickle.state() != WebhookHttpReader::State::ReadingBody)
                    break;
                const qsizetype n = trickle.feed(QByteArrayView(request).sliced(i, 1));
                QVERIFY(n == 0 || n == 1);
                if (n == 0)
                    break;
                trickled += n;
            }
            // The whole-feed reader may stop early at the head, then take the body in a second feed.
            qsizetype total = taken;
            if (whole.state() == WebhookHttpReader::State::ReadingBody)
                total += whole.feed(QByteArrayView(request).sliced(taken));
            QCOMPARE(int(trickle.state()), int(whole.state()));
            QCOMPARE(trickled, total);
            if (whole.state() == WebhookHttpReader::State::Failed) {
                QVERIFY2(statuses.contains(whole.errorStatus()), whole.errorCode().constData());
                QCOMPARE(trickle.errorStatus(), whole.errorStatus());
            }
            if (whole.state() == WebhookHttpReader::State::Complete) {
                QCOMPARE(whole.method(), QByteArray("POST"));
                QCOMPARE(whole.body().size(), whole.contentLength());
                QCOMPARE(trickle.body(), whole.body());
            }
        }
    }

    void theReaderStopsAtTheHeadWhenTheBodyIsTooLarge()
    {
        const QByteArray head =
                "POST /hooks/unlimcall HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n";
        WebhookHttpReader reader;
        const qsizetype taken = reader.feed(QByteArray(head + QByteArray(1000, 'x')));
        QCOMPARE(taken, head.size()); // not one body byte
        QCOMPARE(int(reader.state()), int(WebhookHttpReader::State::Failed));
        QCOMPARE(reader.errorStatus(), 413);
        // Exactly the limit is read.
        WebhookHttpReader atLimit;
        const QByteArray limitHead = "POST /hooks/unlimcall HTTP/1.1\r\nContent-Length: 1048576\r\n\r\n";
        QCOMPARE(atLimit.feed(limitHead), limitHead.size());
        QCOMPARE(int(atLimit.state()), int(WebhookHttpReader::State::ReadingBody));
        QCOMPARE(atLimit.feed(QByteArray(1048576 + 10, 'x')), qsizetype(1048576));
        QCOMPARE(int(atLimit.state()), int(WebhookHttpReader::State::Complete));
    }

    void readerRefusals_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("GET") << QByteArray("GET /hooks/unlimcall HTTP/1.1\r\n\r\n") << 405;
        QTest::newRow("no length") << QByteArray("POST /hooks/unlimcall HTTP/1.1\r\n\r\n") << 411;
        QTest::newRow("chunked") << QByteArray("POST /h HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 411;
        QTest::newRow("two lengths")
                << QByteArray("POST /h HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
        QTest::newRow("signed length") << QByteArray("POST /h HTTP/1.1\r\nContent-Length: +1\r\n\r\n") << 400;
        QTest::newRow("folded header")
                << QByteArray("POST /h HTTP/1.1\r\nA: b\r\n c\r\nContent-Length: 1\r\n\r\n") << 400;
        QTest::newRow("space before colon")
                << QByteArray("POST /h HTTP/1.1\r\nContent-Length : 1\r\n\r\n") << 400;
        QTest::newRow("HTTP/2") << QByteArray("POST /h HTTP/2\r\nContent-Length: 1\r\n\r\n") << 505;
        QTest::newRow("absolute form")
                << QByteArray("POST http://x/h HTTP/1.1\r\nContent-Length: 1\r\n\r\n") << 400;
        QTest::newRow("head too large")
                << QByteArray("POST /h HTTP/1.1\r\nX: " + QByteArray(17000, 'a') + "\r\n\r\n") << 431;
    }
    void readerRefusals()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        WebhookHttpReader reader;
        reader.feed(request);
        QCOMPARE(int(reader.state()), int(WebhookHttpReader::State::Failed));
        QCOMPARE(reader.errorStatus(), status);
    }
};

CC_TEST_GUILESS_MAIN(TestWebhookSignatures)
#include "tst_webhooksignatures.moc"
