package io.tlsalert.explain;

import java.util.Optional;

/**
 * The derived tables' path of a scan: a line the patterns found nothing on is looked up in the texts derived from the
 * stacks' sources ({@link DerivedTexts}); a row gives an alert received, sent or written, or a failure with none.
 */
final class DerivedLines {
    private DerivedLines() {}

    /** The row of a derived table on the line, kept; {@code true} when there was one. */
    static boolean derived(ScanTables t, String text, int line, Stacks.Entry entry, Anchors anchors, ScanState s) {
        // Only the forms whose marker the window's scan found: one lookup each, not one search of the window.
        Optional<DerivedTexts.Match> d =
                t.derived().match(text, marker -> anchors.count[t.markerIds().get(marker)] > 0);
        if (d.isEmpty()) {
            return false;
        }
        add(t, d.get(), text, line, entry, s);
        return true;
    }

    private static void add(
            ScanTables t, DerivedTexts.Match d, String text, int line, Stacks.Entry entry, ScanState s) {
        String stack = t.stacks().refined(d.row().stack(), text, entry);
        String id = "derived-" + d.row().stack();
        if (d.row().kind() == DerivedTexts.Kind.NONE) {
            NoAlertLines.noteAndFailure(t, new Note(id, stack, d.text().strip(), line, "derived.none.why"), s);
            return;
        }
        boolean received = d.row().kind() == DerivedTexts.Kind.RECEIVED;
        if (!received && t.stacks().sendsNoAlert(stack, id)) {
            // The program that printed the library's text does not send the alert the library would (lighttpd's
            // mod_gnutls logs a GnuTLS error and closes the connection).
            NoAlertLines.noteAndFailure(
                    t, new Note(id, stack, d.text().strip(), line, "stack." + stack + ".no-alert"), s);
            return;
        }
        // A trace line that reports the alert it wrote (">>> ... Alert", curl's "(OUT), TLS alert") is the alert.
        boolean reported = received || d.row().kind() == DerivedTexts.Kind.WRITTEN;
        Finding f = s.finding(
                d.row().alert().getAsInt(),
                received ? Direction.RECEIVED : Direction.SENT,
                reported ? Evidence.ALERT : Evidence.IMPLIED,
                stack,
                Optional.empty(),
                d.text().strip(),
                line,
                id);
        s.tellAndKeep(f, text);
    }
}
