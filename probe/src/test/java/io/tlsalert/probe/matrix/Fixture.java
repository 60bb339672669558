package io.tlsalert.probe.matrix;

import io.tlsalert.probe.Prober;
import io.tlsalert.probe.TrustStore;
import io.tlsalert.testkit.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The certificates of the matrix, made once per test class with the real openssl, and the two probers: one trusting
 * the test root, one trusting only an unrelated ("foreign") root, for the private-root case.
 */
final class Fixture {
    final Path dir;
    final Pki pki, foreign;
    final Pki.Leaf ec, rsa, selfSigned, viaInter, expired, otherName, goodTest;
    final Prober prober, foreignProber;

    Fixture(Path dir) throws IOException {
        this.dir = dir;
        pki = new Pki(Files.createDirectories(dir.resolve("pki")));
        foreign = new Pki(Files.createDirectories(dir.resolve("foreign")));
        ec = pki.leaf("localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        rsa = pki.leaf("rsa-localhost", Pki.KeyType.RSA, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        selfSigned = pki.leaf("self-localhost", Pki.KeyType.EC, Pki.Issuer.SELF, 30, "DNS:localhost", "IP:127.0.0.1");
        viaInter = pki.leaf(
                "inter-localhost", Pki.KeyType.EC, Pki.Issuer.INTERMEDIATE, 30, "DNS:localhost", "IP:127.0.0.1");
        expired = pki.leaf("expired-localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, -1, "DNS:localhost", "IP:127.0.0.1");
        otherName = pki.leaf("other.test", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:other.test");
        goodTest = pki.leaf("good.test", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:good.test");
        Prober base = new Prober(Duration.ofSeconds(5), Duration.ofMillis(20));
        prober = base.withTrustStore(TrustStore.load(pki.caPem, null));
        foreignProber = base.withTrustStore(TrustStore.load(foreign.caPem, null));
    }
}
