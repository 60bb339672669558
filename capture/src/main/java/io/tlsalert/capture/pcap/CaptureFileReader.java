package io.tlsalert.capture.pcap;

import java.io.IOException;

/**
 * What the pcap and pcapng readers share: the input, where warnings go, the count of frames read, the summary of
 * packets cut short by the snap length (given once, at the end), position and close.
 */
abstract class CaptureFileReader implements PacketSource {
    final Input in;
    final WarningListener warnings;
    final Snapped snapped;
    /** Frames read so far, numbered from 1 like tshark's. */
    long frame;
    /** The end was reached, or the reading had to stop. */
    boolean done;

    CaptureFileReader(Input in, WarningListener warnings) {
        this.in = in;
        this.warnings = warnings;
        this.snapped = new Snapped(warnings);
    }

    /** Ends the reading (once: the snap-length summary is said once); always false, for {@code return finish();}. */
    final boolean finish() {
        if (!done) {
            done = true;
            snapped.summary(frame);
        }
        return false;
    }

    @Override
    public final long position() {
        return in.position();
    }

    @Override
    public final void close() throws IOException {
        done = true;
        in.close();
    }
}
