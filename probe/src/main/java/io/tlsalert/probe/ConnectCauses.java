package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import java.net.ConnectException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a failed TCP connect means. The JDK throws {@link ConnectException} for ECONNREFUSED ("Connection refused":
 * the host answered the SYN with a RST, so nothing listens there or a firewall REJECTs) and for a few other connect
 * errors; only the first is {@code connection-refused}, distinct from a reset of a connection that was made
 * ({@code connection-reset}).
 */
final class ConnectCauses {
    private ConnectCauses() {}

    /** The outcome of a connect that threw {@code e}. */
    static Outcome connectFailed(Target t, ConnectException e) {
        String msg = String.valueOf(e.getMessage());
        boolean refused = msg.toLowerCase(Locale.ROOT).contains("refused");
        return new Outcome(
                refused ? Outcome.Kind.REFUSED : Outcome.Kind.ERROR,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                refused ? text("probe.target.refused.detail", t) : text("probe.target.connectFailed.detail", t, msg));
    }

    /** The cause when the baseline's connect was refused: no follow-up can change that. */
    static Cause refused(Target t, Attempt b) {
        return new Cause(
                "connection-refused",
                Phrase.of("probe.target.refused.evidence", b.outcome().detail()),
                Phrase.EMPTY,
                Phrase.of("probe.target.refused.fix", t, t.port()));
    }

    private static String text(String key, Object... args) {
        return TlsAlerts.registry().texts().format(Lang.EN, key, args);
    }
}
