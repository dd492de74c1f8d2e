package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.net.LoopbackMesh.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ptpmesh.client.ClientSnapshot;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.trace.TraceEvent;

/** Server and clients on real UDP sockets on 127.0.0.1, with short timers. */
class MeshOnLoopbackTest {

    @Test
    void threeClientsSeeEachOtherWithRtts() throws Exception {
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            mesh.server(LoopbackMesh.serverConfig(port), RendezvousListener.NONE);
            List<LoopbackMesh.Running<MeshClient>> clients = List.of(mesh.client(port), mesh.client(port), mesh.client(port));

            for (LoopbackMesh.Running<MeshClient> c : clients) {
                await("every client lists the two others with answered probes", Duration.ofSeconds(10), () -> {
                    ClientSnapshot s = c.node().snapshot();
                    return s.peers().size() == 2 && s.peers().stream().allMatch(p -> p.metrics().acked() >= 3);
                });
            }
            for (LoopbackMesh.Running<MeshClient> c : clients) {
                ClientSnapshot s = c.node().snapshot();
                Set<String> others = clients.stream().filter(o -> o != c)
                        .map(o -> o.node().yourAddress().orElseThrow().toString()).collect(Collectors.toSet());
                assertThat(s.peers()).extracting(ClientSnapshot.PeerRow::address).containsExactlyInAnyOrderElementsOf(others);
                assertThat(s.registered()).isTrue();
                assertThat(s.yourAddress()).isEqualTo(c.node().yourAddress().orElseThrow().toString());
                for (ClientSnapshot.PeerRow p : s.peers()) {
                    assertThat(p.metrics().rttLast()).isBetween(0L, 200L);
                    assertThat(p.metrics().rttMin()).isLessThanOrEqualTo(p.metrics().rttMax());
                    assertThat(p.metrics().received()).isPositive();
                    assertThat(p.state()).isEqualTo("up");
                }
            }
            assertThat(mesh.errors).isEmpty();
        }
    }

    @Test
    void killedClientIsPurgedAndAnnouncedWithinTheWindow() throws Exception {
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            LoopbackMesh.Running<RendezvousServer> server = mesh.server(LoopbackMesh.serverConfig(port), RendezvousListener.NONE);
            LoopbackMesh.Running<MeshClient> a = mesh.client(port);
            LoopbackMesh.Running<MeshClient> b = mesh.client(port);
            LoopbackMesh.Running<MeshClient> victim = mesh.client(port);
            await("three clients registered", Duration.ofSeconds(5), () -> a.node().snapshot().peers().size() == 2);

            // killed: the loop stops without a word, as when the process dies
            long killedAt = System.currentTimeMillis();
            victim.runtime().stop((now, out) -> { }, 2_000);

            await("the survivors' lists drop the killed client", Duration.ofSeconds(5),
                    () -> a.node().snapshot().peers().size() == 1 && b.node().snapshot().peers().size() == 1);
            long announcedAfter = System.currentTimeMillis() - killedAt;
            // purge window + one purge check + the announcement, with room for a slow machine
            assertThat(announcedAfter).isLessThan(LoopbackMesh.PURGE + 1_500);
            assertThat(announcedAfter).isGreaterThanOrEqualTo(LoopbackMesh.PURGE - LoopbackMesh.REGISTER);
            assertThat(mesh.serverTrace).extracting(TraceEvent::event).contains("Purge");
            assertThat(server.node().snapshot().clients()).isEqualTo(2);
        }
    }

    @Test
    void gracefulShutdownIsAnnouncedAtOnce() throws Exception {
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            mesh.server(LoopbackMesh.serverConfig(port), RendezvousListener.NONE);
            LoopbackMesh.Running<MeshClient> a = mesh.client(port);
            LoopbackMesh.Running<MeshClient> leaving = mesh.client(port);
            await("both registered", Duration.ofSeconds(5), () -> a.node().snapshot().peers().size() == 1);

            long leftAt = System.currentTimeMillis();
            leaving.runtime().stop(leaving.node()::shutdown, 2_000);
            await("the departure is announced", Duration.ofSeconds(3), () -> a.node().snapshot().peers().isEmpty());
            // well before the purge window: the SHUTDOWN, not silence, removed it
            assertThat(System.currentTimeMillis() - leftAt).isLessThan(LoopbackMesh.PURGE);
            assertThat(mesh.serverTrace).extracting(TraceEvent::event).contains("Unregister").doesNotContain("Purge");
        }
    }
}
