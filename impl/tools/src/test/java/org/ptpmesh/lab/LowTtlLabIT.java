package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * The unicast TTL really is set on a real socket (UdpRuntime through UnicastTtl): from a host
 * behind a NAT, TTL 1 dies in its own NAT, TTL 2 passes the NAT and dies at the internet router
 * (the second hop), TTL 3 arrives with 1 left, and the default arrives too.
 */
@Tag("lab")
class LowTtlLabIT {

    private static final int FROM_PORT = 4000;
    private static final int TO_PORT = 5000;
    private static final int[] TTLS = {1, 2, 3, 64};

    @TempDir
    Path dir;

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
    }

    @Test
    void aTtlTwoDatagramDiesAtTheSecondRouter() throws Exception {
        Path capture = dir.resolve("far.pcap");
        List<String> received = new CopyOnWriteArrayList<>();
        try (Lab lab = Lab.create()) {
            LabHost far = lab.publicHost("far");
            LabHost near = lab.nat("nat", LabNat.EASY).host("near");
            LiveCapture.start(lab, far.netns(), LabHost.INTERFACE, capture);
            NodeInNamespace receiver = lab.own(new NodeInNamespace(far, new Receiver(received)));
            receiver.start();
            NodeInNamespace sender = lab.own(new NodeInNamespace(near, new Sender(new Endpoint(far.address(), TO_PORT))));
            sender.start();
            Await.until(1_000, () -> received.size() >= 2);
            Await.until(300, () -> false); // anything slower than that is not coming
            assertThat(sender.errors()).isEmpty();
        }
        assertThat(received).containsExactlyInAnyOrder("ttl=3", "ttl=64");
        // what arrived carried the TTL it was sent with, less the two routers on the way
        assertThat(arrivedTtls(capture)).containsExactlyInAnyOrderEntriesOf(Map.of("ttl=3", 1, "ttl=64", 62));
    }

    private static Map<String, Integer> arrivedTtls(Path capture) throws Exception {
        Map<String, Integer> ttls = new HashMap<>();
        for (CapturedFrames.Frame f : CapturedFrames.read(capture)) {
            ttls.put(new String(f.payload(), StandardCharsets.UTF_8), f.ttl());
        }
        return ttls;
    }

    /** Sends "ttl=N" with each TTL once, right after start. */
    private record Sender(Endpoint to) implements Node {
        @Override
        public void start(long now, Effects out) {
            out.bind(FROM_PORT);
            for (int ttl : TTLS) {
                out.send(FROM_PORT, to, ("ttl=" + ttl).getBytes(StandardCharsets.UTF_8), ttl);
            }
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    }

    private record Receiver(List<String> received) implements Node {
        @Override
        public void start(long now, Effects out) {
            out.bind(TO_PORT);
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            received.add(new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    }
}
