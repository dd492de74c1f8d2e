package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowControllerTest {

    /** No socket buffer to overflow, as in the simulator. */
    private static final int NO_QUEUE_BOUND = Integer.MAX_VALUE;

    @Test
    void startupAddsABlockPerDeliveredBlock() {
        WindowController w = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        for (int i = 0; i < 10; i++) {
            w.delivered(0, 50);
        }
        assertThat(w.window()).isEqualTo(26);
        assertThat(w.inStartup()).isTrue();
    }

    @Test
    void aFlatDeliveryRateEndsStartupAtTwiceTheBandwidthDelayProduct() {
        WindowController w = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        // 2 blocks per ms with a 50 ms round trip, until startup ends (within two seconds)
        for (long t = 0; t < 2_000 && w.inStartup(); t++) {
            w.delivered(t, 50);
            w.delivered(t, 50);
        }
        assertThat(w.inStartup()).isFalse();
        assertThat(w.window()).isBetween(190, 210);
    }

    @Test
    void withoutAQueueALongPathsWindowGrowsOnlyAdditivelyAfterStartup() {
        WindowController w = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        long t = 0;
        for (; w.inStartup(); t++) {
            w.delivered(t, 50);
            w.delivered(t, 50);
        }
        int atEnd = w.window();
        // ten more 100 ms intervals at the same rate and round trip
        for (long end = t + 1_000; t < end; t++) {
            w.delivered(t, 50);
            w.delivered(t, 50);
        }
        assertThat(w.window()).isBetween(atEnd + 8 * WindowController.ADDITIVE_INCREASE, atEnd + 11 * WindowController.ADDITIVE_INCREASE);
    }

    @Test
    void aStandingQueueAboveTheTargetHalvesTheWindowWhileBlocksStillArriveAtTheRate() {
        WindowController w = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        // a LAN: 10 blocks per ms, round trips of 1 ms, past startup
        deliverOneMillisecondTrips(w, 0, 2_000, 10);
        assertThat(w.inStartup()).isFalse();
        int before = w.window();
        WindowController.Congestion seen = WindowController.Congestion.NONE;
        for (long t = 2_000; t < 2_051 && seen == WindowController.Congestion.NONE; t++) {
            for (int b = 0; b < 10; b++) {
                WindowController.Congestion c = w.delivered(t, 4 + WindowController.QUEUE_TARGET_MILLIS + 1);
                seen = c == WindowController.Congestion.NONE ? seen : c;
            }
        }
        assertThat(seen).isEqualTo(WindowController.Congestion.QUEUE);
        assertThat(w.window()).isEqualTo((int) (before * WindowController.QUEUE_CUT));
    }

    @Test
    void roundTripsThatGrowWhileDeliverySlowsAreAStalledEndNotAQueue() {
        WindowController w = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        deliverOneMillisecondTrips(w, 0, 2_000, 10);
        // the receiver was scheduled a third of the time: blocks come late and a third as fast
        for (long t = 2_000; t < 2_200; t++) {
            for (int b = 0; b < (t % 3 == 0 ? 10 : 0); b++) {
                assertThat(w.delivered(t, 20)).isEqualTo(WindowController.Congestion.NONE);
            }
        }
    }

    @Test
    void missingBlocksDoNotShrinkTheWindow() {
        WindowController clean = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        WindowController lossy = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        for (long t = 0; t < 2_000; t++) {
            clean.delivered(t, 50);
            clean.delivered(t, 50);
            lossy.delivered(t, 50);
            if (t % 20 != 0) {
                // every twentieth block lost: 2.5 % loss
                lossy.delivered(t, 50);
            }
        }
        assertThat(lossy.window()).isGreaterThanOrEqualTo(clean.window() * 95 / 100);
    }

    @Test
    void anEndThatWasNotScheduledForAWhileDoesNotShrinkTheWindow() {
        WindowController w = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        for (long t = 0; t < 2_000; t++) {
            w.delivered(t, 50);
            w.delivered(t, 50);
        }
        int before = w.window();
        // nothing for 150 ms (the receiver was descheduled, a collection ran), then as before
        for (long t = 2_150; t < 2_400; t++) {
            w.delivered(t, 50);
            w.delivered(t, 50);
        }
        assertThat(w.window()).isGreaterThanOrEqualTo(before * 95 / 100);
    }

    @Test
    void aBurstDrainedFromTheSocketBufferAfterAStallDoesNotInflateTheWindow() {
        WindowController w = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        // a LAN: round trips read as 1 ms, 200 blocks per ms, well past startup
        deliverOneMillisecondTrips(w, 0, 2_000, 200);
        int before = w.window();
        // the receiver was not scheduled for 10 ms; 2000 blocks waited in its socket buffer and
        // it reads them within 2 ms (at its own speed, not the path's), then the path goes on
        deliverOneMillisecondTrips(w, 2_010, 2_012, 1_000);
        deliverOneMillisecondTrips(w, 2_012, 2_060, 200);
        // an interval as short as the stall would have read up to twice the path's rate
        assertThat(w.window()).isLessThanOrEqualTo(before * 5 / 4);
    }

    /** {@code perMillisecond} blocks with 1 ms round trips in each millisecond from {@code from} to {@code to - 1}. */
    private static void deliverOneMillisecondTrips(WindowController w, long from, long to, int perMillisecond) {
        for (long t = from; t < to; t++) {
            for (int b = 0; b < perMillisecond; b++) {
                w.delivered(t, 1);
            }
        }
    }

    @Test
    void longRoundTripsEndStartupBeforeTheQueueGrowsFurther() {
        WindowController w = new WindowController(16, 4, 8192, NO_QUEUE_BOUND);
        for (long t = 0; t < 40; t++) {
            w.delivered(t, 5);
        }
        assertThat(w.inStartup()).isTrue();
        w.delivered(40, 500);
        assertThat(w.inStartup()).isFalse();
        assertThat(w.window()).isLessThan(56);
    }

    @Test
    void staysWithinItsBounds() {
        WindowController w = new WindowController(16, 4, 64, NO_QUEUE_BOUND);
        for (long t = 0; t < 10_000; t++) {
            w.delivered(t, 100);
        }
        assertThat(w.window()).isEqualTo(64);
    }

    @Test
    void onALanWhatCanQueueAtTheReceiverStaysWithinItsBuffer() {
        WindowController w = new WindowController(16, 4, 8192, 500);
        // 200 blocks per ms with 1 ms round trips: the path holds 200 blocks, twice the rate
        // over the 4 ms floor would be 1600, of which 1400 would wait in a 500-block buffer
        deliverOneMillisecondTrips(w, 0, 2_000, 200);
        assertThat(w.inStartup()).isFalse();
        assertThat(w.window()).isBetween(600, 700);
    }

    @Test
    void theBoundNeverCutsTheWindowBelowWhatTheLongPathHolds() {
        WindowController w = new WindowController(16, 4, 8192, 20);
        // 2 blocks per ms with a 50 ms round trip: 100 blocks on the path, 20 more may queue
        for (long t = 0; t < 2_000; t++) {
            w.delivered(t, 50);
            w.delivered(t, 50);
        }
        assertThat(w.window()).isBetween(100, 120);
    }

    @Test
    void startupGrowsNoFurtherThanTheBufferHolds() {
        WindowController w = new WindowController(16, 4, 8192, 50);
        int most = 0;
        for (long t = 0; t < 30; t++) {
            for (int b = 0; b < 100; b++) {
                w.delivered(t, 0);
                most = Math.max(most, w.window());
            }
        }
        // round trips read as 0 ms: the path holds nothing the clock can see, the buffer 50
        assertThat(most).isEqualTo(50);
    }
}
