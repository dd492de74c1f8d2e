package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.net.LoopbackMesh.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.analytics.AnalyticsRecorder;
import org.ptpmesh.analytics.AnalyticsStore;
import org.ptpmesh.analytics.Retention;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousServer;

/** Clients outlive a server restart: they register again, and the analytics are still there. */
class ServerRestartTest {

    @TempDir
    Path dir;

    @Test
    void clientsReRegisterAfterARestartAndAnalyticsAreIntact() throws Exception {
        Path db = dir.resolve("analytics.db");
        int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
        try (LoopbackMesh clients = new LoopbackMesh()) {
            long reportsBefore;
            LoopbackMesh.Running<MeshClient> a;
            LoopbackMesh.Running<MeshClient> b;
            try (LoopbackMesh first = new LoopbackMesh()) {
                AtomicReference<RendezvousServer> node = new AtomicReference<>();
                try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(db),
                        () -> node.get().drops().snapshot(), first.errors::add, Retention.defaults())) {
                    node.set(first.server(LoopbackMesh.serverConfig(port), recorder).node());
                    a = clients.client(port);
                    b = clients.client(port);
                    await("both see each other with RTTs", Duration.ofSeconds(5), () -> a.node().snapshot().peers().size() == 1
                            && a.node().snapshot().peers().get(0).metrics().acked() > 0);
                    // a few registration rounds carry reports
                    Thread.sleep(3 * LoopbackMesh.REGISTER);
                }
            }
            try (AnalyticsStore store = AnalyticsStore.open(db)) {
                reportsBefore = store.reportCount();
                assertThat(reportsBefore).isPositive();
                assertThat(store.clients()).hasSize(2).allMatch(c -> c.joins() == 1);
            }
            // the server is down: the clients keep registering into the void; it comes back on the same port
            Thread.sleep(LoopbackMesh.REGISTER);
            try (LoopbackMesh second = new LoopbackMesh()) {
                AtomicReference<RendezvousServer> node = new AtomicReference<>();
                try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(db),
                        () -> node.get().drops().snapshot(), second.errors::add, Retention.defaults())) {
                    RendezvousServer restarted = second.server(LoopbackMesh.serverConfig(port), recorder).node();
                    node.set(restarted);
                    await("both clients registered again within a registration period or two", Duration.ofSeconds(3),
                            () -> restarted.snapshot().clients() == 2);
                    Thread.sleep(3 * LoopbackMesh.REGISTER);
                }
                assertThat(second.errors).isEmpty();
            }
            try (AnalyticsStore store = AnalyticsStore.open(db)) {
                assertThat(store.reportCount()).isGreaterThan(reportsBefore);
                assertThat(store.clients()).hasSize(2).allMatch(c -> c.joins() == 2);
                assertThat(store.latestPairs()).hasSize(2);
            }
        }
    }
}
