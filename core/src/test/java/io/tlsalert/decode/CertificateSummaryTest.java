package io.tlsalert.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateSummaryTest {
    /**
     * openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj /CN=other.test -days 36500
     * -addext "subjectAltName=DNS:other.test,otherName:1.2.3.4;UTF8:hello", as DER.
     */
    static final byte[] OTHER_NAME_CERT = Base64.getDecoder()
            .decode(
                    "MIIBqDCCAU6gAwIBAgIUHE+tBqAFxouSjiryHZLFcRSZnbQwCgYIKoZIzj0EAwIwFTETMBEGA1UEAwwKb3RoZXIudGVzdDAgFw0y"
                            + "NjEyMDMxOTA4MjFaGA8yMTI2MTEwOTE5MDgyMVowFTETMBEGA1UEAwwKb3RoZXIudGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEH"
                            + "A0IABKaATzkyh5KyAGc9jhsMt0D1lMSBX/W4zpqZIhxJpjzkXxALb2u6+HNLsnHCkm7sAti6GIFbccuAJ7BubyhFfQCjejB4MB0G"
                            + "A1UdDgQWBBQnBj8EeTfe1FOGILGGvPNd1oYatTAfBgNVHSMEGDAWgBQnBj8EeTfe1FOGILGGvPNd1oYatTAPBgNVHRMBAf8EBTAD"
                            + "AQH/MCUGA1UdEQQeMByCCm90aGVyLnRlc3SgDgYDKgMEoAcMBWhlbGxvMAoGCCqGSM49BAMCA0gAMEUCIFydaqbzeFz4RXGdEu1Z"
                            + "z0BgRvZ4LpdxJuVnAjwSTlGGAiEA4DvvB+nvF2vJxyEgXqTVy440AETz4UJNBYe9W3+uhCc=");

    @Test
    void anOtherNameSanIsShownAsItsDerBytesNotAnArrayIdentity() {
        Cursor der = new Cursor(OTHER_NAME_CERT, 0, OTHER_NAME_CERT.length);
        Handshake.CertificateEntry e = CertificateSummary.entry(der, List.of(), OffsetMap.IDENTITY);
        assertThat(e.error()).isEmpty();
        List<String> sans = e.info().orElseThrow().subjectAltNames();
        assertThat(sans).hasSize(2);
        assertThat(sans.get(0)).isEqualTo("other.test");
        assertThat(sans.get(1)).doesNotStartWith("[B@").matches("[0-9a-f]+").contains("68656c6c6f"); // "hello"
    }
}
