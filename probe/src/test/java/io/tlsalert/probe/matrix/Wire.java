package io.tlsalert.probe.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

/**
 * What a stack really does on the wire in one case, as {@code openssl s_client} sees it: the fact the matrix
 * documents (README, probe section) and asserts before it asserts the probe's cause.
 */
sealed interface Wire {
    /** Asserts the fact on what s_client saw. */
    void check(SClient s);

    /** Short form for the README's table. */
    String describe();

    /** The server refuses with this fatal alert (s_client received it). */
    record Alert(String name) implements Wire {
        @Override
        public void check(SClient s) {
            assertThat(s.serverFatal())
                    .as("the server's fatal alert in:\n%s", s.log())
                    .contains(name);
            assertThat(s.answered()).as("no HTTP answer in:\n%s", s.log()).isFalse();
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * The server closes the connection without any alert and without completing the handshake: s_client reads an
     * unexpected EOF (and may then send an alert of its own into the closed connection: not the server's).
     */
    record Closes() implements Wire {
        @Override
        public void check(SClient s) {
            assertThat(s.serverFatal())
                    .as("no alert from the server in:\n%s", s.log())
                    .isEmpty();
            assertThat(s.log()).as("s_client read EOF:\n%s", s.log()).contains("unexpected eof while reading");
            assertThat(s.answered()).as("no HTTP answer in:\n%s", s.log()).isFalse();
        }

        @Override
        public String describe() {
            return "closes, no alert";
        }
    }

    /**
     * The server answers with a ServerHello the client cannot accept (an older version than it offered), and the
     * client sends this alert: the server itself sends none.
     */
    record ClientRefuses(String name) implements Wire {
        @Override
        public void check(SClient s) {
            assertThat(s.serverFatal())
                    .as("no alert from the server in:\n%s", s.log())
                    .isEmpty();
            assertThat(s.clientFatal())
                    .as("s_client's own alert in:\n%s", s.log())
                    .contains(name);
        }

        @Override
        public String describe() {
            return "ServerHello of the old version (s_client sends " + name + ")";
        }
    }

    /**
     * The handshake completes and the server answers; s_client's verification of the server's chain ends with this
     * code (0: verified; 10: expired; 18: self-signed; 19: a self-signed root in the chain; 20: the issuer of the
     * last certificate unknown; 62: host name mismatch).
     */
    record Completes(int verifyCode) implements Wire {
        @Override
        public void check(SClient s) {
            assertThat(s.serverFatal())
                    .as("no alert from the server in:\n%s", s.log())
                    .isEmpty();
            assertThat(s.answered()).as("an HTTP answer in:\n%s", s.log()).isTrue();
            assertThat(s.verifyCode())
                    .as("s_client's verify code in:\n%s", s.log())
                    .isEqualTo(OptionalInt.of(verifyCode));
        }

        @Override
        public String describe() {
            return verifyCode == 0 ? "completes" : "completes (no alert; s_client's verify code " + verifyCode + ")";
        }
    }

    /** The handshake completes and the server refuses the HTTP request with this status (a client certificate). */
    record HttpStatus(int status) implements Wire {
        @Override
        public void check(SClient s) {
            assertThat(s.serverFatal())
                    .as("no alert from the server in:\n%s", s.log())
                    .isEmpty();
            assertThat(s.statusLine())
                    .as("the HTTP answer in:\n%s", s.log())
                    .hasValueSatisfying(l -> assertThat(l).matches("HTTP/1\\.[01] " + status + " .*"));
        }

        @Override
        public String describe() {
            return "completes, then HTTP " + status;
        }
    }

    static Wire http(int status) {
        return new HttpStatus(status);
    }

    static Wire alert(String name) {
        return new Alert(name);
    }

    static Wire closes() {
        return new Closes();
    }

    static Wire clientRefuses(String name) {
        return new ClientRefuses(name);
    }

    static Wire completes() {
        return new Completes(0);
    }

    static Wire completes(int verifyCode) {
        return new Completes(verifyCode);
    }
}
