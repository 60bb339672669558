package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fleet's limit and politeness, with stand-in probes (no network). */
class FleetTest {
    @Test
    void tryRunRefusesAtOnceWhenTheLimitIsReached() throws Exception {
        Fleet fleet = new Fleet(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> fleet.tryRun(() -> {
            running.countDown();
            await(release);
            return "first";
        }));
        first.start();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fleet.tryRun(() -> "second")).isEmpty();
        release.countDown();
        first.join(5000);
        assertThat(fleet.tryRun(() -> "third")).isEqualTo(Optional.of("third"));
    }

    @Test
    void runAllKeepsTheOrderAndProbesOneServerAtATime() throws Exception {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            targets.add(new Target("10.0.0." + (i % 2), 443, Optional.of("n" + i)));
        }
        AtomicInteger[] perServer = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger worst = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        List<String> results = new Fleet(4)
                .runAll(
                        targets,
                        t -> {
                            AtomicInteger n = perServer[t.host().endsWith("0") ? 0 : 1];
                            worst.accumulateAndGet(n.incrementAndGet(), Math::max);
                            sleep(30);
                            n.decrementAndGet();
                            return t.sni().get();
                        },
                        (t, r, done, total) -> {
                            reported.incrementAndGet();
                            assertThat(total).isEqualTo(6);
                        });
        assertThat(results).containsExactly("n0", "n1", "n2", "n3", "n4", "n5");
        assertThat(worst.get()).isEqualTo(1);
        assertThat(reported.get()).isEqualTo(6);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
