package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AnchorOffsetTest {
    @Test
    void theMostCharactersBeforeTheAnchor() {
        assertThat(AnchorOffset.of("remote error: tls: (?<alert>[A-Za-z ]{3,60})", "remote error: tls: "))
                .isEqualTo(OptionalInt.of(0));
        assertThat(AnchorOffset.of("Received (?<level>fatal|warning) alert: (?<alert>[a-z_]{3,40})", " alert: "))
                .isEqualTo(OptionalInt.of("Received warning".length()));
        assertThat(AnchorOffset.of("\\|Fatal \\((?<alert>[A-Z_]{3,40})\\):(?! Received)", "Fatal ("))
                .isEqualTo(OptionalInt.of(1));
        assertThat(AnchorOffset.of("(?<alert>(?:sslv3|tlsv13|tlsv1|ssl/tls) alert [a-z]+)", " alert "))
                .isEqualTo(OptionalInt.of("ssl/tls".length()));
        assertThat(AnchorOffset.of("(?<![a-z] )unsupported protocol", "unsupported protocol"))
                .isEqualTo(OptionalInt.of(0));
        assertThat(AnchorOffset.of("\\b(?<packeddec>\\d{9,10}):SSL routines:", ":SSL routines:"))
                .isEqualTo(OptionalInt.of(10));
        assertThat(AnchorOffset.of("self[- ]signed certificate(?! in)", "signed certificate"))
                .isEqualTo(OptionalInt.of(5));
    }

    @Test
    void unknownWhenAMatchMayStartAnyDistanceBeforeOrTheAnchorIsNotWrittenOut() {
        assertThat(AnchorOffset.of("Client requested protocol \\S+ is not enabled", "is not enabled"))
                .isEmpty();
        assertThat(AnchorOffset.of("^\\s*Description: (?<alert>[A-Za-z ]{3,60})\\s*$", "Description: "))
                .isEmpty();
        assertThat(AnchorOffset.of("Received alert: +(?<alert>[a-z]+)", "Received alert: "))
                .isEmpty();
        assertThat(AnchorOffset.of("foo|bar alert", " alert")).isEmpty();
        assertThat(AnchorOffset.of("(?i)x alert", " alert")).isEmpty();
        assertThat(AnchorOffset.of("(a)\\1 alert", " alert")).isEmpty();
        assertThat(AnchorOffset.of("(?:ab alert)?", " alert")).isEmpty();
    }
}
