package io.tlsalert.explain;

import java.util.List;
import java.util.Optional;

/**
 * A TLS stack whose messages tlsalert reads.
 *
 * @param id      stable id, e.g. {@code openssl}, {@code jdk}, {@code curl}
 * @param name    display name
 * @param base    the library whose messages this stack prints, if any (curl prints OpenSSL's)
 * @param markers strings that show this stack printed a line
 * @param noAlertFor ids of patterns whose implied alert this stack does not send (it fails without an alert)
 */
public record Stack(
        String id,
        String name,
        Optional<String> base,
        List<String> markers,
        Optional<java.util.regex.Pattern> noAlertFor) {
    public Stack {
        markers = List.copyOf(markers);
    }
}
