package io.tlsalert.capture.pcap;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a capture on a second thread, a few MiB ahead of its consumer: reading (and gunzipping) then runs on one
 * core while the scan runs on the other. Packets are copied into large batches, handed over through a small queue.
 */
public final class Prefetch implements PacketSource {
    private static final int BATCH_BYTES = 4 << 20;
    private static final int BATCH_PACKETS = 32 << 10;

    /** Packets copied out of the reader's buffer. */
    private static final class Batch {
        final byte[] data = new byte[BATCH_BYTES];
        final long[] number = new long[BATCH_PACKETS];
        final long[] time = new long[BATCH_PACKETS];
        final int[] linkType = new int[BATCH_PACKETS];
        final int[] iface = new int[BATCH_PACKETS];
        final int[] offset = new int[BATCH_PACKETS];
        final int[] caplen = new int[BATCH_PACKETS];
        final int[] origlen = new int[BATCH_PACKETS];
        int count;
        int used;
        long position;
        /** Set on the last batch: the reader's failure, if it failed. */
        IOException failure;

        boolean last;
    }

    private final PacketSource source;
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<Batch> empty = new ArrayBlockingQueue<>(6);
    private final Thread reader;
    private volatile boolean closed;
    private Batch current;
    private int index;
    private long position;

    public Prefetch(PacketSource source) {
        this.source = source;
        for (int i = 0; i < 6; i++) {
            empty.add(new Batch());
        }
        reader = new Thread(this::read, "capture-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        Packet p = new Packet();
        try {
            Batch b = take(empty);
            while (!closed) {
                boolean more;
                IOException failure = null;
                try {
                    more = source.next(p);
                } catch (IOException e) {
                    more = false;
                    failure = e;
                }
                if (!more) {
                    b.last = true;
                    b.failure = failure;
                    b.position = source.position();
                    full.put(b);
                    return;
                }
                if (b.count == BATCH_PACKETS || b.used + p.capturedLength > BATCH_BYTES) {
                    b.position = source.position();
                    full.put(b);
                    b = take(empty);
                }
                int i = b.count++;
                b.number[i] = p.number;
                b.time[i] = p.timestampNanos;
                b.linkType[i] = p.linkType;
                b.iface[i] = p.interfaceId;
                b.caplen[i] = p.capturedLength;
                b.origlen[i] = p.originalLength;
                b.offset[i] = b.used;
                System.arraycopy(p.data, p.offset, b.data, b.used, p.capturedLength);
                b.used += p.capturedLength;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Batch take(BlockingQueue<Batch> q) throws InterruptedException {
        Batch b = q.take();
        b.count = 0;
        b.used = 0;
        b.last = false;
        b.failure = null;
        return b;
    }

    @Override
    public boolean next(Packet into) throws IOException {
        while (true) {
            if (current != null && index < current.count) {
                int i = index++;
                into.set(
                        current.number[i],
                        current.time[i],
                        current.linkType[i],
                        current.iface[i],
                        current.data,
                        current.offset[i],
                        current.caplen[i],
                        current.origlen[i]);
                return true;
            }
            if (current != null) {
                if (current.last) {
                    if (current.failure != null) {
                        IOException f = current.failure;
                        current.failure = null;
                        throw f;
                    }
                    return false;
                }
                empty.offer(current);
            }
            try {
                current = full.poll(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the capture");
            }
            index = 0;
            position = current.position;
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        reader.interrupt();
        source.close();
    }
}
