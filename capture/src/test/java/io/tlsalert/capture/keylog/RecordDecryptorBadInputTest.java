package io.tlsalert.capture.keylog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tlsalert.capture.keylog.Peers.Capture;
import io.tlsalert.capture.keylog.Peers.Hellos;
import io.tlsalert.capture.keylog.Peers.Rec;
import io.tlsalert.capture.keylog.RecordDecryptor.Plaintext;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong key logs, wrong records and corrupted bytes, on real captures (OpenSSL peers, TLS 1.3 with
 * TLS_AES_128_GCM_SHA256 and TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256): empty results with a reason, never an
 * exception.
 */
@Timeout(120)
class RecordDecryptorBadInputTest {
    @TempDir
    static Path dir13;

    @TempDir
    static Path dir12;

    static Capture c13;
    static Capture c12;
    static Hellos h13;
    static Hellos h12;
    static String keyLog13;
    static String keyLog12;

    @BeforeAll
    static void capture() throws Exception {
        Peers.Certs certs = Peers.certs(dir13);
        c13 = Peers.run(
                dir13,
                certs,
                List.of("-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"),
                List.of("-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"),
                "hello\nserver> world\nQ\n");
        c12 = Peers.run(
                dir12,
                certs,
                List.of("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"),
                List.of("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"),
                "hello\nQ\n");
        h13 = Peers.hellos(c13);
        h12 = Peers.hellos(c12);
        keyLog13 = Files.readString(c13.clientKeyLog());
        keyLog12 = Files.readString(c12.clientKeyLog());
    }

    static KeyLog log(String text) throws Exception {
        return KeyLog.parse(new StringReader(text));
    }

    static RecordDecryptor server13(String keyLog) throws Exception {
        return RecordDecryptor.tls13(log(keyLog), h13.clientRandom(), h13.cipherSuite(), false)
                .ready()
                .orElseThrow();
    }

    static List<Rec> serverRecords13() {
        return Peers.protectedRecords(c13.serverToClient(), true);
    }

    static Optional<Plaintext> feed(RecordDecryptor d, byte[] bytes, Rec r) {
        return d.decrypt(bytes, r.offset(), r.total());
    }

    // ---- key logs that do not fit
    // ---------------------------------------------------------------------------------------

    @Test
    void secretsForAnotherClientRandom() throws Exception {
        KeyLog other = log(keyLog12); // the TLS 1.2 connection's key log
        assertThat(RecordDecryptor.tls13(other, h13.clientRandom(), h13.cipherSuite(), true)
                        .ready())
                .isEmpty();
        assertThat(RecordDecryptor.tls13(other, h13.clientRandom(), h13.cipherSuite(), true)
                        .refusal())
                .hasValueSatisfying(w -> assertThat(w)
                        .startsWith("the key log has no secrets for client random "
                                + HexFormat.of().formatHex(h13.clientRandom(), 0, 8))
                        .contains("it holds 1 secrets, for other connections"));
        assertThat(RecordDecryptor.tls12(log(keyLog13), h12.clientRandom(), h12.serverRandom(), h12.cipherSuite(), true)
                        .ready())
                .isEmpty();
    }

    @Test
    void theOtherVersionsSecrets() throws Exception {
        // A TLS 1.3 key log line for the TLS 1.2 connection's client random, and the reverse.
        String cr12 = HexFormat.of().formatHex(h12.clientRandom());
        KeyLog wrong = log("CLIENT_HANDSHAKE_TRAFFIC_SECRET " + cr12 + " " + "00".repeat(32) + "\n");
        assertThat(RecordDecryptor.tls12(wrong, h12.clientRandom(), h12.serverRandom(), h12.cipherSuite(), true)
                        .refusal())
                .hasValueSatisfying(
                        w -> assertThat(w).contains("but no CLIENT_RANDOM (is this a TLS 1.3 connection?)"));
        String cr13 = HexFormat.of().formatHex(h13.clientRandom());
        KeyLog wrong13 = log("CLIENT_RANDOM " + cr13 + " " + "00".repeat(48) + "\n");
        assertThat(RecordDecryptor.tls13(wrong13, h13.clientRandom(), h13.cipherSuite(), false)
                        .refusal())
                .hasValueSatisfying(w -> assertThat(w)
                        .contains("but no SERVER_HANDSHAKE_TRAFFIC_SECRET (is this a TLS 1.2 connection?)"));
    }

    @Test
    void secretOfTheWrongLengthForTheSuite() throws Exception {
        // 48 bytes is a valid TLS 1.3 secret length (SHA-384 suites), but not for TLS_AES_128_GCM_SHA256.
        String cr = HexFormat.of().formatHex(h13.clientRandom());
        KeyLog log = log("SERVER_HANDSHAKE_TRAFFIC_SECRET " + cr + " " + "ab".repeat(48) + "\n");
        assertThat(log.warnings()).isEmpty();
        assertThat(RecordDecryptor.tls13(log, h13.clientRandom(), 0x1301, false).ready())
                .isEmpty();
        assertThat(RecordDecryptor.tls13(log, h13.clientRandom(), 0x1301, false).refusal())
                .hasValue(
                        "SERVER_HANDSHAKE_TRAFFIC_SECRET is 48 bytes but TLS_AES_128_GCM_SHA256 uses a 32-byte hash: the secret belongs to a connection with another cipher suite");
        assertThat(RecordDecryptor.tls13(log, h13.clientRandom(), 0x1302, false).ready())
                .as("TLS_AES_256_GCM_SHA384")
                .isPresent();
    }

    @Test
    void garbageKeyLogLinesAreSkippedAndTheRestStillDecrypts() throws Exception {
        String noisy = "garbage line\nCLIENT_RANDOM zz " + "00".repeat(48) + "\nSERVER_HANDSHAKE_TRAFFIC_SECRET "
                + HexFormat.of().formatHex(h13.clientRandom()) + " 0102\n" + keyLog13 + "\u0000\u0001\u0002\n";
        KeyLog log = log(noisy);
        assertThat(log.malformedLines()).isEqualTo(4);
        assertThat(log.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("line 3: SERVER_HANDSHAKE_TRAFFIC_SECRET has 2 bytes"));
        RecordDecryptor d = RecordDecryptor.tls13(log, h13.clientRandom(), h13.cipherSuite(), false)
                .ready()
                .orElseThrow();
        for (Rec r : serverRecords13()) {
            assertThat(feed(d, c13.serverToClient(), r)).as(d.lastError()).isPresent();
        }
    }

    @Test
    void unsupportedSuitesAndBadArguments() throws Exception {
        KeyLog log = log(keyLog12);
        assertThat(RecordDecryptor.tls12(log, h12.clientRandom(), h12.serverRandom(), 0xC027, true)
                        .refusal())
                .hasValueSatisfying(w -> assertThat(w).contains("0xC027").contains("not a TLS 1.2 AEAD suite"));
        assertThat(RecordDecryptor.tls12(log, h12.clientRandom(), h12.serverRandom(), 0x1301, true)
                        .refusal())
                .hasValue("TLS_AES_128_GCM_SHA256 is a TLS 1.3 suite: use tls13(...)");
        assertThat(RecordDecryptor.tls13(log, h12.clientRandom(), 0xC02F, true).refusal())
                .hasValue("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 is a TLS 1.2 suite: use tls12(...)");
        assertThat(RecordDecryptor.tls12(log, h12.clientRandom(), new byte[5], h12.cipherSuite(), true)
                        .refusal())
                .hasValue("the server random must be 32 bytes, got 5");
        assertThat(RecordDecryptor.tls13(null, h13.clientRandom(), 0x1301, true).ready())
                .isEmpty();
        assertThat(RecordDecryptor.tls13(log, null, 0x1301, true).ready()).isEmpty();
        assertThat(RecordDecryptor.tls12(log, new byte[3], h12.serverRandom(), 0xC02F, true)
                        .ready())
                .isEmpty();
    }

    // ---- records that do not fit
    // ------------------------------------------------------------------------------------------

    @Test
    void wrongKeyFailsTheTagCheck() throws Exception {
        // Change one byte of the server handshake secret: the key is wrong, nothing else is.
        String cr = HexFormat.of().formatHex(h13.clientRandom());
        StringBuilder b = new StringBuilder();
        for (String line : keyLog13.split("\n")) {
            if (line.startsWith("SERVER_HANDSHAKE_TRAFFIC_SECRET " + cr)) {
                char last = line.charAt(line.length() - 1);
                line = line.substring(0, line.length() - 1) + (last == '0' ? '1' : '0');
            }
            b.append(line).append('\n');
        }
        RecordDecryptor d = server13(b.toString());
        Rec first = serverRecords13().get(1); // [0] is the compatibility ChangeCipherSpec
        assertThat(feed(d, c13.serverToClient(), first)).isEmpty();
        assertThat(d.lastError())
                .startsWith("tag check failed under SERVER_HANDSHAKE_TRAFFIC_SECRET at sequence number 0")
                .contains("the key does not fit this record");
        assertThat(d.sequenceNumber()).isEqualTo(1);
    }

    @Test
    void flippedCiphertextBitFailsThatRecordOnlyAndNeverThrows() throws Exception {
        byte[] bytes = c13.serverToClient().clone();
        List<Rec> records = serverRecords13();
        Rec victim = records.get(2); // the second encrypted handshake record
        for (int bit : new int[] {0, 7}) {
            byte[] copy = bytes.clone();
            copy[victim.offset() + 5 + victim.length() / 2] ^= (byte) (1 << bit);
            RecordDecryptor d = server13(keyLog13);
            for (Rec r : records) {
                Optional<Plaintext> p = feed(d, copy, r);
                if (r == victim) {
                    assertThat(p).isEmpty();
                    assertThat(d.lastError()).startsWith("tag check failed");
                } else if (r.offset() < victim.offset() || d.epoch().equals("handshake")) {
                    assertThat(p)
                            .as("record at %d: %s", r.offset(), d.lastError())
                            .isPresent();
                }
            }
        }
        // A flipped bit in the header changes the additional data: the tag check fails too.
        byte[] copy = bytes.clone();
        copy[victim.offset() + 2] ^= 0x01; // legacy_record_version 0x0303 → 0x0302
        RecordDecryptor d = server13(keyLog13);
        feed(d, copy, records.get(0));
        feed(d, copy, records.get(1));
        assertThat(feed(d, copy, victim)).isEmpty();
        assertThat(d.lastError()).startsWith("tag check failed");
    }

    @Test
    void tls12FlippedBitInTheFinished() throws Exception {
        KeyLog log = log(keyLog12);
        byte[] bytes = c12.clientToServer().clone();
        List<Rec> records = Peers.protectedRecords(bytes, false);
        Rec finished = records.get(1);
        bytes[finished.offset() + finished.total() - 1] ^= (byte) 0x80; // the last byte of the tag
        RecordDecryptor d = RecordDecryptor.tls12(log, h12.clientRandom(), h12.serverRandom(), h12.cipherSuite(), true)
                .ready()
                .orElseThrow();
        assertThat(feed(d, bytes, records.get(0)))
                .hasValueSatisfying(p -> assertThat(p.contentType()).isEqualTo(20));
        assertThat(feed(d, bytes, finished)).isEmpty();
        assertThat(d.lastError()).startsWith("tag check failed under the client's TLS 1.2 keys at sequence number 0");
        assertThat(feed(d, bytes, records.get(2)))
                .as("the next record, sequence number 1")
                .hasValueSatisfying(p -> assertThat(new String(p.content())).isEqualTo("hello\n"));
    }

    @Test
    void outOfOrderRecordsAreToldApart() throws Exception {
        List<Rec> records = serverRecords13();
        RecordDecryptor d = server13(keyLog13);
        feed(d, c13.serverToClient(), records.get(0)); // ChangeCipherSpec
        feed(d, c13.serverToClient(), records.get(1)); // sequence number 0
        assertThat(feed(d, c13.serverToClient(), records.get(3))).isEmpty(); // skips sequence number 1
        assertThat(d.lastError())
                .startsWith(
                        "out of order: the record decrypts under SERVER_HANDSHAKE_TRAFFIC_SECRET with sequence number 2, not the expected 1");

        RecordDecryptor t = RecordDecryptor.tls12(
                        log(keyLog12), h12.clientRandom(), h12.serverRandom(), h12.cipherSuite(), true)
                .ready()
                .orElseThrow();
        List<Rec> r12 = Peers.protectedRecords(c12.clientToServer(), false);
        assertThat(feed(t, c12.clientToServer(), r12.get(2))).isEmpty(); // application data before the Finished
        assertThat(t.lastError())
                .startsWith(
                        "out of order: the record decrypts under the client's TLS 1.2 keys with sequence number 1, not the expected 0");
    }

    @Test
    void recordsOfAnotherEpochOrDirection() throws Exception {
        List<Rec> records = serverRecords13();
        int firstApplication = -1;
        RecordDecryptor probe = server13(keyLog13);
        for (int i = 0; i < records.size(); i++) {
            feed(probe, c13.serverToClient(), records.get(i));
            if (probe.epoch().equals("application")) {
                firstApplication = i + 1;
                break;
            }
        }
        assertThat(firstApplication).isPositive().isLessThan(records.size());

        // Skipping the handshake records: the first application record is not of the handshake epoch.
        RecordDecryptor d = server13(keyLog13);
        assertThat(feed(d, c13.serverToClient(), records.get(firstApplication))).isEmpty();
        assertThat(d.lastError())
                .startsWith(
                        "not a record of this epoch: it decrypts under SERVER_TRAFFIC_SECRET_0 (sequence number 0)");

        // The caller says the handshake ended: the same record decrypts.
        RecordDecryptor e = server13(keyLog13);
        e.handshakeEnded();
        assertThat(e.epoch()).isEqualTo("application");
        assertThat(feed(e, c13.serverToClient(), records.get(firstApplication))).isPresent();

        // The client's decryptor given the server's records.
        RecordDecryptor client = RecordDecryptor.tls13(log(keyLog13), h13.clientRandom(), h13.cipherSuite(), true)
                .ready()
                .orElseThrow();
        assertThat(feed(client, c13.serverToClient(), records.get(1))).isEmpty();
        assertThat(client.lastError())
                .startsWith(
                        "not a record of this direction or epoch: it decrypts under SERVER_HANDSHAKE_TRAFFIC_SECRET (the other direction's) (sequence number 0)");
    }

    @Test
    void missingApplicationSecret() throws Exception {
        String cr = HexFormat.of().formatHex(h13.clientRandom());
        String withoutApp = keyLog13.replaceAll("(?m)^SERVER_TRAFFIC_SECRET_0 " + cr + " .*$", "");
        RecordDecryptor d = server13(withoutApp);
        List<String> errors = new java.util.ArrayList<>();
        for (Rec r : serverRecords13()) {
            if (feed(d, c13.serverToClient(), r).isEmpty()) {
                errors.add(d.lastError());
            }
        }
        assertThat(d.epoch()).isEqualTo("application");
        assertThat(errors)
                .isNotEmpty()
                .allSatisfy(
                        e -> assertThat(e)
                                .startsWith(
                                        "no SERVER_TRAFFIC_SECRET_0 in the key log for this connection: the records after the server's Finished"));
    }

    @Test
    void malformedRecords() throws Exception {
        RecordDecryptor d = server13(keyLog13);
        Rec r = serverRecords13().get(1);
        byte[] b = c13.serverToClient();
        assertThat(d.decrypt(b, r.offset(), r.total() - 1)).isEmpty();
        assertThat(d.lastError())
                .isEqualTo("the header says " + r.length() + " bytes of body but " + (r.length() - 1) + " were given");
        assertThat(d.decrypt(b, r.offset(), 3)).isEmpty();
        assertThat(d.lastError()).isEqualTo("a record needs a 5-byte header, got 3 bytes");
        assertThat(d.decrypt(b, b.length - 2, 5)).isEmpty();
        assertThat(d.lastError()).isEqualTo("offset and length do not lie within the buffer");
        assertThat(d.decrypt(null, 0, 0)).isEmpty();
        assertThat(d.decrypt(b, -1, 5)).isEmpty();
        assertThat(d.decrypt(new byte[] {23, 3, 3, 0, 4, 1, 2, 3, 4}, 0, 9)).isEmpty();
        assertThat(d.lastError()).contains("shorter than the 17 an encrypted record of TLS_AES_128_GCM_SHA256 needs");
        assertThat(d.decrypt(new byte[] {23, 7, 3, 0, 0}, 0, 5)).isEmpty();
        assertThat(d.lastError()).isEqualTo("not a TLS record: version 0x0703");
        assertThat(d.sequenceNumber())
                .as("none of these took a sequence number but the short one")
                .isEqualTo(1);
        // After all that, with the right sequence number, the real record still decrypts.
        RecordDecryptor fresh = server13(keyLog13);
        assertThat(feed(fresh, b, r)).isPresent();
    }

    @Test
    void randomBytesNeverThrow() throws Exception {
        Random random = new Random(42);
        RecordDecryptor[] ds = {
            server13(keyLog13),
            RecordDecryptor.tls13(log(keyLog13), h13.clientRandom(), h13.cipherSuite(), true)
                    .ready()
                    .orElseThrow(),
            RecordDecryptor.tls12(log(keyLog12), h12.clientRandom(), h12.serverRandom(), h12.cipherSuite(), false)
                    .ready()
                    .orElseThrow(),
        };
        byte[] real = c13.serverToClient();
        for (int n = 0; n < 3000; n++) {
            final int i = n;
            byte[] buf;
            if (i % 3 == 0) {
                buf = real.clone(); // real bytes with a few random changes
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    buf[random.nextInt(buf.length)] = (byte) random.nextInt(256);
                }
            } else {
                buf = new byte[random.nextInt(300)];
                random.nextBytes(buf);
                if (buf.length >= 5 && random.nextBoolean()) {
                    buf[0] = (byte) (20 + random.nextInt(5));
                    buf[1] = 3;
                    buf[3] = (byte) ((buf.length - 5) >> 8);
                    buf[4] = (byte) (buf.length - 5);
                }
            }
            int off = random.nextInt(Math.max(1, buf.length + 2)) - 1;
            int len = random.nextInt(buf.length + 3) - 1;
            for (RecordDecryptor d : ds) {
                assertThatCode(() -> {
                            Optional<Plaintext> p = d.decrypt(buf, off, len);
                            if (p.isEmpty()) {
                                assertThat(d.lastError()).isNotEmpty();
                            }
                            if (i % 3 == 0) {
                                for (Rec r : Peers.records(buf)) {
                                    d.decrypt(buf, r.offset(), r.total());
                                }
                            }
                        })
                        .doesNotThrowAnyException();
            }
        }
    }
}
