package io.tlsalert.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the text to explain, refusing what cannot be text with a message that says why and where. */
final class Input {
    /** Enough for a day of a busy service's TLS errors; past it, split the log or grep it first. */
    static final long MAX_BYTES = 256L << 20;

    private static final int BINARY_PROBE = 1 << 20;

    private Input() {}

    /** Where a command's input came from, and its bytes. */
    record Source(byte[] bytes, String what, boolean arguments) {}

    /**
     * The input of a command that takes it as arguments, {@code --file FILE}, or standard input ({@code -}, or no
     * argument with a pipe): one rule for every command. {@code nothing} is the usage error for no input on a
     * terminal, {@code noun} what the input is called ("the text", "the bytes").
     */
    static Source source(String[] words, Path file, String noun, String nothing) {
        if (file != null) {
            if (words.length > 0) {
                throw Main.UsageError.of("arguments-and-file", noun);
            }
            return new Source(readFile(file), file.toString(), false);
        }
        if (words.length == 0 || words.length == 1 && words[0].equals("-")) {
            if (words.length == 0 && System.console() != null) {
                throw new Main.UsageError(nothing);
            }
            return new Source(readStdin(), Main.text("cli.noun.stdin"), false);
        }
        return new Source(
                String.join(" ", words).getBytes(StandardCharsets.UTF_8), Main.text("cli.noun.argument"), true);
    }

    static byte[] readStdin() {
        return read(System.in, Main.text("cli.noun.stdin"));
    }

    static byte[] readFile(Path p) {
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw Main.UsageError.of("file-too-big", p, Files.size(p), MAX_BYTES >> 20);
            }
            try (InputStream in = Files.newInputStream(p)) {
                return read(in, p.toString());
            }
        } catch (NoSuchFileException e) {
            throw Main.UsageError.of("no-such-file", p);
        } catch (IOException e) {
            throw Main.UsageError.of("cannot-read", p, e.getMessage());
        }
    }

    private static byte[] read(InputStream in, String what) {
        try {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, MAX_BYTES + 1));
            if (b.length > MAX_BYTES) {
                throw Main.UsageError.of("input-too-big", what, MAX_BYTES >> 20);
            }
            return b;
        } catch (IOException e) {
            throw Main.UsageError.of("cannot-read", what, e.getMessage());
        }
    }

    /** Refuses empty and binary input; warns (on stderr) about invalid UTF-8, which is still read. */
    static void check(byte[] b, String what, java.io.PrintWriter err) {
        boolean blank = true;
        for (byte x : b) {
            if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
                blank = false;
                break;
            }
        }
        if (blank) {
            throw empty(what);
        }
        int probe = Math.min(b.length, BINARY_PROBE);
        for (int i = 0; i < probe; i++) {
            if (b[i] == 0) {
                throw binary(what, i);
            }
        }
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buf = ByteBuffer.wrap(b);
        try {
            d.decode(buf);
        } catch (CharacterCodingException e) {
            warnNotUtf8(err, what, buf.position());
        }
    }

    static Main.UsageError empty(String what) {
        return Main.UsageError.of("empty-text", what);
    }

    static Main.UsageError binary(String what, long offset) {
        return Main.UsageError.of("binary-text", what, offset);
    }

    static void warnNotUtf8(java.io.PrintWriter err, String what, long offset) {
        err.println("tlsalert: warning: " + what + " is not valid UTF-8 (first bad byte near offset " + offset
                + "); undecodable bytes are read as \uFFFD");
        err.flush();
    }
}
