package io.tlsalert.explain;

import java.util.List;

/**
 * One kind of failure without a named alert (a row of {@code failure-classes.tsv}).
 *
 * @param id      stable id (JSON "class"); texts are {@code failure.<id>.title|meaning|causes|confirm|fix}
 * @param unnamed {@code false}: no alert is exchanged; {@code true}: an alert is sent or received but the text does not
 *                name it
 * @param maybe   for an unnamed alert, the codes it can be, most likely first
 * @param direction for an unnamed alert whose text says who sent it ({@code unnamed-received}: GnuTLS "A TLS fatal
 *                alert has been received."), that direction; otherwise {@link Direction#UNKNOWN}
 */
public record FailureClass(String id, boolean unnamed, List<Integer> maybe, Direction direction) {
    public FailureClass {
        maybe = List.copyOf(maybe);
    }

    /** The JSON "alert" value: {@code none} or {@code unnamed}. */
    public String alertId() {
        return unnamed ? "unnamed" : "none";
    }

    /** The key of one of its texts: {@code title}, {@code meaning}, {@code causes}, {@code confirm}, {@code fix}. */
    public String textKey(String part) {
        return "failure." + id + "." + part;
    }
}
