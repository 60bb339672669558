package io.tlsalert.cli;

import io.tlsalert.report.DecodeTree;
import io.tlsalert.report.TerminalText;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link DecodeTree} as indented text: one field per line, RFC field names as labels; a code point
 * {@code {value, name, hex}} as "name (0x1301)"; a list of code points on one line; null fields left out. Values come
 * from the input (SNI names, ALPN protocols, certificate subjects) and are escaped ({@link TerminalText}). The text
 * stops at {@code maxChars} ({@link io.tlsalert.decode.DecodeLimits#maxOutputChars()}): {@link #cut()} says whether it
 * did.
 */
final class TreeText {
    private final StringBuilder out = new StringBuilder();
    private final Style st;
    private final long maxChars;
    private boolean cut;

    TreeText(Style st, long maxChars) {
        this.st = st;
        this.maxChars = maxChars;
    }

    /** Did the text reach its limit (the rest of the tree left out)? */
    boolean cut() {
        return cut;
    }

    static boolean isCode(Object o) {
        return o instanceof Map<?, ?> m
                && m.size() == 3
                && m.containsKey("value")
                && m.containsKey("name")
                && m.containsKey("hex");
    }

    static String code(Object o) {
        Map<?, ?> m = (Map<?, ?>) o;
        Object hex = m.get("hex");
        return TerminalText.escape(String.valueOf(m.get("name"))) + " (" + (hex != null ? hex : m.get("value")) + ")";
    }

    String render(Map<String, Object> map, int indent) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            field(e.getKey(), e.getValue(), indent);
        }
        return out.toString();
    }

    private void field(String key, Object v, int indent) {
        if (v == null || cut) {
            return;
        }
        if (out.length() >= maxChars) {
            cut = true;
            return;
        }
        String pad = "  ".repeat(indent);
        if (isCode(v)) {
            line(pad, key, code(v));
        } else if (v instanceof Map<?, ?> m) {
            out.append(pad).append(st.bold(key)).append('\n');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                field(String.valueOf(e.getKey()), e.getValue(), indent + 1);
            }
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                line(pad, key + " (0)", "");
            } else if (l.get(0) instanceof Map<?, ?> && !isCode(l.get(0))) {
                out.append(pad).append(st.bold(key + " (" + l.size() + ")")).append('\n');
                int i = 0;
                for (Object o : l) {
                    out.append(pad).append("  ").append(st.dim("[" + i++ + "]")).append('\n');
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) o;
                    for (Map.Entry<String, Object> e : m.entrySet()) {
                        field(e.getKey(), e.getValue(), indent + 2);
                    }
                }
            } else {
                StringBuilder b = new StringBuilder();
                for (Object o : l) {
                    if (b.length() > 0) {
                        b.append(", ");
                    }
                    b.append(isCode(o) ? code(o) : TerminalText.escape(String.valueOf(o)));
                    if (b.length() >= maxChars) {
                        break;
                    }
                }
                line(pad, key + " (" + l.size() + ")", b.toString());
            }
        } else {
            line(pad, key, TerminalText.escape(String.valueOf(v)));
        }
    }

    private void line(String pad, String key, String value) {
        out.append(pad).append(st.bold(key)).append(": ").append(value).append('\n');
    }
}
