package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void showsTheBarBytesRateAndTimeLeft() {
        // 50 MiB of 100 MiB in 5 s: 10 MiB/s, 5 s to go
        String line = ProgressBar.render("big.iso", 50L << 20, 100L << 20, 5_000);
        assertThat(line).startsWith("big.iso [###############...............]  50%")
                .contains("50.0 MiB / 100.0 MiB").contains("10.0 MiB/s").endsWith("ETA 0:05");
    }

    @Test
    void anUnknownRateHasNoEta() {
        assertThat(ProgressBar.render("x", 0, 1000, 0)).contains("  0%").endsWith("ETA --:--");
    }

    @Test
    void unitsAndDurations() {
        assertThat(ProgressBar.bytes(1023)).isEqualTo("1023 B");
        assertThat(ProgressBar.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressBar.bytes(3L << 40)).isEqualTo("3.0 TiB");
        assertThat(ProgressBar.duration(3_725)).isEqualTo("1:02:05");
    }
}
