package io.tlsalert.bench;

import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.TlsDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode speed on one core. MB/s = input bytes (printed at setup) × ops/s. Run:
 * {@code java -jar bench/target/benchmarks.jar DecodeBenchmark -prof gc} (the gc profiler shows bytes allocated per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
    /** A real ClientHello from Debian's openssl s_client (TLS 1.3 + 1.2 offer, SNI, ALPN, 11 extensions). */
    byte[] clientHello;
    /** 1 MiB of TLS 1.3 traffic records as they follow a handshake: application_data records of 16 KiB + 5 bytes. */
    byte[] records;

    @Setup
    public void setup() throws IOException {
        try (InputStream in = DecodeBenchmark.class.getResourceAsStream("/openssl-clienthello.bin")) {
            clientHello = in.readAllBytes();
        }
        int rec = 5 + 16384;
        int n = (1 << 20) / rec;
        records = new byte[n * rec];
        for (int i = 0; i < n; i++) {
            int o = i * rec;
            records[o] = 23;
            records[o + 1] = 3;
            records[o + 2] = 3;
            records[o + 3] = (byte) (16384 >> 8);
            records[o + 4] = 0;
        }
        System.out.printf(
                "%n# input sizes: clientHello=%d B, records=%d B (%d records)%n",
                clientHello.length, records.length, n);
    }

    @Benchmark
    public Decoding clientHello() {
        return TlsDecoder.decode(clientHello);
    }

    @Benchmark
    public Decoding applicationDataRecords() {
        return TlsDecoder.decode(records);
    }
}
