package io.tlsalert.decode;

/**
 * Pasted or piped text that cannot be turned into bytes. The message says what is wrong and where, e.g.
 * {@code line 3, column 17: 'g' is not a hex digit}; {@link #line()}, {@link #column()} (both 1-based) and
 * {@link #offset()} (0-based char offset into the text) give the same place to callers that want to point at it.
 * Problems with the input as a whole (empty input, no bytes) are placed at line 1, column 1, offset 0.
 */
public class InputFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final long offset;

    public InputFormatException(String message, int line, int column, long offset) {
        super(message);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem, counted in code points (a tab counts as one). */
    public int column() {
        return column;
    }

    /** The 0-based char offset of the problem in the text. */
    public long offset() {
        return offset;
    }
}
