package io.tlsalert.capture.pcap;

/** Reports packets cut short by the snaplen once (first one), then a count at the end, instead of per packet. */
final class Snapped {
    private final WarningListener warnings;
    private long cut, overSnaplen;

    Snapped(WarningListener warnings) {
        this.warnings = warnings;
    }

    void cut(long frame, long captured, long original) {
        if (cut++ == 0) {
            warnings.warn(
                    frame,
                    "packet cut short by the snaplen: " + captured + " of " + original
                            + " bytes captured (further cut packets are counted at the end)");
        }
    }

    void overSnaplen(long frame, long captured, long snaplen) {
        if (overSnaplen++ == 0) {
            warnings.warn(
                    frame,
                    "captured length " + captured + " is larger than the snaplen " + snaplen
                            + " (further ones are counted at the end)");
        }
    }

    void summary(long lastFrame) {
        if (cut > 1) {
            warnings.warn(lastFrame, cut + " packets in all were cut short by the snaplen");
        }
        if (overSnaplen > 1) {
            warnings.warn(lastFrame, overSnaplen + " packets in all were larger than the snaplen");
        }
    }
}
