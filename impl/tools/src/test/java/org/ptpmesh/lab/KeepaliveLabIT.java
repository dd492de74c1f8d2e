package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.peer.Path;

/**
 * Keepalive against a real NAT's UDP timeout, lowered to {@value #TIMEOUT_SECONDS} s in both NAT
 * namespaces: with keepalives every second the punched path outlives several timeouts; without
 * them the mappings expire, and a message sent on the old path never arrives.
 */
@Tag("lab")
class KeepaliveLabIT {

    private static final int TIMEOUT_SECONDS = 2;
    private static final long IDLE_MILLIS = 2_500L * TIMEOUT_SECONDS;

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
    }

    @Test
    void keepalivesHoldTheMappingOpenAndItDiesWithoutThem() throws Exception {
        boolean[] delivered = new boolean[2];
        Thread without = new Thread(() -> delivered[1] = idleThenSend(60_000));
        without.start();
        delivered[0] = idleThenSend(1_000);
        without.join();
        assertThat(delivered[0]).as("with keepalives every second the direct path lives").isTrue();
        assertThat(delivered[1]).as("without keepalives the NAT forgot the mapping").isFalse();
    }

    /** Connects directly, idles past the NAT timeout, then sends b -> a on the path; true if it arrived. */
    private static boolean idleThenSend(long keepAliveMillis) {
        PairOptions options = PairOptions.defaults().withNatUdpTimeout(TIMEOUT_SECONDS);
        try (TwoPeers pair = TwoPeers.start(LabNat.EASY, LabNat.EASY, options, c -> c.withKeepAlive(keepAliveMillis))) {
            assertThat(pair.awaitClassified(5_000)).isTrue();
            assertThat(pair.connect().result()).isEqualTo("direct");
            LabPeer a = pair.a();
            LabPeer b = pair.b();
            Await.until(IDLE_MILLIS, () -> false);
            List<String> towardB = conntrackToward(a, b);
            b.send(a, "after the idle time".getBytes(StandardCharsets.UTF_8));
            boolean arrived = Await.until(3_000, () -> !a.receivedFrom(b).isEmpty());
            System.out.println("lab: keepalive " + keepAliveMillis + " ms: a's NAT entries toward b after idling "
                    + towardB + ", message arrived " + arrived);
            if (arrived) {
                assertThat(b.pathTo(a)).isEqualTo(Path.DIRECT);
                assertThat(towardB).as("the mapping toward b is still in a's NAT").isNotEmpty();
            } else {
                assertThat(towardB).as("a's NAT forgot its mapping toward b").isEmpty();
            }
            return arrived;
        }
    }

    private static List<String> conntrackToward(LabPeer from, LabPeer to) {
        String far = "dst=" + to.host().nat().wanAddress().getHostAddress() + " ";
        return from.host().nat().udpConntrackEntries().stream().filter(e -> e.contains(far)).toList();
    }
}
