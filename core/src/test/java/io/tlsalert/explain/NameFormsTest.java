package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every form of name the issue lists resolves; unassigned values are reported as such, not as errors. */
class NameFormsTest {
    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            40                                   | 40  | unknown
            0x28                                 | 40  | unknown
            0X2a                                 | 42  | unknown
            handshake_failure                    | 40  | unknown
            HandshakeFailure                     | 40  | unknown
            HANDSHAKE_FAILURE                    | 40  | unknown
            handshake failure                    | 40  | unknown
            sslv3 alert handshake failure        | 40  | received
            tlsv13 alert certificate required    | 116 | received
            tlsv1 alert unknown ca               | 48  | received
            tlsv1 unrecognized name              | 112 | received
            SSL_R_TLSV1_ALERT_UNKNOWN_CA         | 48  | received
            SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE  | 40  | received
            reason 1040                          | 40  | received
            reason(1048)                         | 48  | received
            1040                                 | 40  | received
            error:14094410                       | 40  | received
            error:0A000410                       | 40  | received
            error:0A000418                       | 48  | received
            SSL alert number 48                  | 48  | received
            remote error: tls: bad certificate   | 42  | received
            local error: tls: bad record MAC     | 20  | sent
            unknown certificate authority        | 48  | unknown
            protocol version not supported       | 70  | unknown
            SSL_ERROR_HANDSHAKE_FAILURE_ALERT    | 40  | received
            SSL_ERROR_UNKNOWN_CA_ALERT           | 48  | received
            UnknownCA                            | 48  | unknown
            DecompressionFail                    | 30  | unknown
            UnsupportedExt                       | 110 | unknown
            Description: Unknown CA              | 48  | unknown
            Alert (Level: Fatal, Description: Handshake Failure) | 40 | unknown
            no_certificate                       | 41  | unknown
            ech_required                         | 121 | unknown
            too_many_cids_requested              | 52  | unknown
            ERR_SSL_TLSV1_ALERT_UNKNOWN_CA       | 48  | received
            """)
    void resolves(String input, int code, String direction) {
        Explanation e = TlsAlerts.explain(input);
        assertThat(e.findings()).as(input).hasSize(1);
        Finding f = e.findings().get(0);
        assertThat(f.code()).as(input).isEqualTo(code);
        assertThat(f.direction().id()).as("direction of %s", input).isEqualTo(direction);
        assertThat(f.alert()).isPresent();
    }

    @Test
    void lookupByAnyNameGivesTheAlert() {
        assertThat(TlsAlerts.lookup("tlsv1 alert unknown ca"))
                .get()
                .extracting(a -> a.code())
                .isEqualTo(48);
        assertThat(TlsAlerts.lookup(40)).get().extracting(a -> a.name()).isEqualTo("handshake_failure");
        assertThat(TlsAlerts.lookup("no such alert")).isEmpty();
    }

    @Test
    void unassignedCodesAreReportedAsUnassigned() {
        for (String q : new String[] {"255", "0xff", "1", "53", "200"}) {
            Explanation e = TlsAlerts.explain(q);
            assertThat(e.findings()).as(q).hasSize(1);
            assertThat(e.findings().get(0).alert()).as(q).isEmpty();
            assertThat(e.findings().get(0).name()).isEqualTo("unassigned");
        }
        assertThat(TlsAlerts.explain("SSL alert number 200").findings())
                .singleElement()
                .satisfies(f -> assertThat(f.alert()).isEmpty());
    }

    @Test
    void twoHundredFiftyFiveIsNotSilentlyRemappedTo110() {
        Finding f = TlsAlerts.explain("255").findings().get(0);
        assertThat(f.code()).isEqualTo(255);
        assertThat(f.alert()).isEmpty();
    }
}
