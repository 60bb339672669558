package io.tlsalert.probe;

import io.tlsalert.registry.Lang;
import io.tlsalert.report.TerminalText;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What fleet mode reports for one target: its diagnosis, or the internal error that stopped it. A target that fails
 * in any way gets its own report and the others go on; the caller decides the exit code ({@link #failed()}).
 */
public sealed interface TargetReport permits TargetReport.Diagnosed, TargetReport.Failed {
    Target target();

    Cause cause();

    /** The alert that ended the baseline, if any. */
    Optional<AlertInfo> alert();

    /** A few lines for people, escaped for a terminal. */
    default String summary() {
        return summary(Lang.EN);
    }

    /** {@link #summary()} in this language. */
    String summary(Lang lang);

    /** True when the probe itself failed (a bug), not the server. */
    default boolean failed() {
        return this instanceof Failed;
    }

    /**
     * Runs {@code diagnose} for {@code target}: its diagnosis, or, when it throws (a bug, or the JVM out of memory or
     * stack), that failure as this target's report.
     */
    static TargetReport of(Target target, Supplier<Diagnosis> diagnose) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        try {
            return new Diagnosed(diagnose.get());
        } catch (RuntimeException | Error e) {
            return new Failed(target, Failed.describe(e), started, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** The probe ran to its end: the diagnosis. */
    record Diagnosed(Diagnosis diagnosis) implements TargetReport {
        @Override
        public Target target() {
            return diagnosis.target();
        }

        @Override
        public Cause cause() {
            return diagnosis.cause();
        }

        @Override
        public Optional<AlertInfo> alert() {
            return diagnosis.alert();
        }

        @Override
        public String summary(Lang lang) {
            return diagnosis.summary(lang);
        }
    }

    /**
     * The probe of this target failed inside tlsalert.
     *
     * @param error   the failure: its class, message and where it was thrown
     * @param started when the probe began
     * @param millis  how long it ran before it failed
     */
    record Failed(Target target, String error, Instant started, long millis) implements TargetReport {
        @Override
        public Cause cause() {
            return new Cause(
                    CauseId.INTERNAL_ERROR,
                    Phrase.of("probe.evidence.internal", error),
                    Phrase.EMPTY,
                    Phrase.of("probe.fix.internal"));
        }

        @Override
        public Optional<AlertInfo> alert() {
            return Optional.empty();
        }

        @Override
        public String summary(Lang lang) {
            return TerminalText.escape(target + ": " + cause().id() + " (" + cause().title(lang) + ")") + "\n"
                    + Diagnosis.label(lang, "probe.label.error") + TerminalText.escape(cause().evidence(lang)) + "\n"
                    + Diagnosis.label(lang, "probe.label.fix") + TerminalText.escape(cause().fix(lang)) + "\n";
        }

        static String describe(Throwable e) {
            StackTraceElement[] at = e.getStackTrace();
            return e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + (at.length == 0 ? "" : " at " + at[0]);
        }
    }
}
