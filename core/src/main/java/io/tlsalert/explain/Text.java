package io.tlsalert.explain;

/** Small string helpers over CharSequence without copying. */
final class Text {
    private Text() {}

    static boolean contains(CharSequence s, String needle) {
        if (s instanceof String str) {
            return str.contains(needle);
        }
        return s.toString().contains(needle);
    }

    /**
     * The key a name is compared by: letters and digits only, lower case. "handshake_failure", "HandshakeFailure",
     * "HANDSHAKE_FAILURE" and "handshake failure" all give "handshakefailure".
     */
    static String nameKey(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                b.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                b.append((char) (c + 32));
            }
        }
        return b.toString();
    }
}
