package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A target whose probe fails inside tlsalert gets its own report; the fleet goes on. */
class TargetReportTest {
    final Target target = new Target("10.0.0.1", 443, Optional.of("a.example"));

    @Test
    void aThrowingProbeIsAFailedReportWithTheSameJsonKeys() {
        TargetReport r = TargetReport.of(target, () -> {
            throw new IllegalStateException("bug\u001b[2J");
        });
        assertThat(r.failed()).isTrue();
        assertThat(r.cause().id()).isEqualTo("internal-error");
        assertThat(r.cause().evidence()).contains("IllegalStateException", "bug", " at ");
        assertThat(r.alert()).isEmpty();
        assertThat(r.summary()).startsWith("10.0.0.1:443: internal-error").doesNotContain("\u001b");
        Map<String, Object> json = ProbeJson.targetReport(r);
        assertThat(json.keySet())
                .containsExactly(
                        "target",
                        "cause",
                        "alert",
                        "serverChain",
                        "certificateCheck",
                        "certificateRequest",
                        "handshakes",
                        "attempts",
                        "started",
                        "millis",
                        "lang");
        assertThat(json.get("handshakes")).isEqualTo(0);
        assertThat(json.get("attempts")).isEqualTo(List.of());
    }

    @Test
    void outOfMemoryAndStackOverflowAreFailedReportsToo() {
        assertThat(TargetReport.of(target, () -> {
                            throw new OutOfMemoryError("Java heap space");
                        })
                        .cause()
                        .evidence())
                .contains("OutOfMemoryError");
        assertThat(TargetReport.of(target, () -> {
                            throw new StackOverflowError();
                        })
                        .failed())
                .isTrue();
    }

    @Test
    void aFleetWithOneFailingTargetReportsEveryTarget() throws Exception {
        List<Target> targets = List.of(
                new Target("10.0.0.1", 443, Optional.empty()),
                new Target("10.0.0.2", 443, Optional.empty()),
                new Target("10.0.0.3", 443, Optional.empty()));
        List<TargetReport> reports = new Fleet(2)
                .runAll(
                        targets,
                        t -> TargetReport.of(t, () -> {
                            if (t.host().endsWith("2")) {
                                throw new OutOfMemoryError("Java heap space");
                            }
                            throw new IllegalArgumentException("no diagnosis in a unit test");
                        }),
                        (t, r, done, total) -> {});
        assertThat(reports).hasSize(3).allMatch(TargetReport::failed);
        assertThat(reports.get(1).cause().evidence()).contains("OutOfMemoryError");
        assertThat(reports.stream().map(TargetReport::target)).containsExactlyElementsOf(targets);
    }
}
