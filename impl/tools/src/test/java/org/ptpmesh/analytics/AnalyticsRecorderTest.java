package org.ptpmesh.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** The recorder between a server and its database: joins stored off the loop, a full queue counted. */
class AnalyticsRecorderTest {

    @TempDir
    Path dir;

    private static void join(RendezvousServer server, RecordingEffects fx, Endpoint from, int client, int nat, long now) {
        Registrations.join(server, fx, from, client, nat, now);
    }

    // the events below happen in the first seconds of 1970: the writer's clock (it prunes by age)
    // reads 10 s after, so nothing is old enough to go

    @Test
    void eventsThatDoNotFitTheQueueAreCountedAndStoredAsADrop() throws Exception {
        Path file = dir.resolve("a.db");
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch diskFree = new CountDownLatch(1);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        RecordingEffects fx = new RecordingEffects();
        // the writer stalls in its first batch, as on a slow disk, with room for one more event
        try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(file), () -> {
            writerBusy.countDown();
            await(diskFree);
            return Map.of("bad_checksum", 2L);
        }, errors::add, 1, Retention.defaults(), () -> 10_000L)) {
            RendezvousServer server = new RendezvousServer(ServerConfig.defaults(), recorder, new java.util.Random(1));
            server.start(0, fx);
            join(server, fx, Endpoint.of("203.0.113.1", 5000), 1, 0, 1);
            assertThat(writerBusy.await(5, TimeUnit.SECONDS)).isTrue();
            for (int c = 2; c <= 6; c++) {
                join(server, fx, Endpoint.of("203.0.113." + c, 5000), c, 0, 1);
            }
            assertThat(server.clientCount()).as("the server itself never waits for the disk").isEqualTo(6);
            assertThat(recorder.lost()).isEqualTo(4);
            diskFree.countDown();
        }
        assertThat(errors).isEmpty();
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).hasSize(2);
            assertThat(store.drops()).containsEntry(AnalyticsRecorder.EVENTS_LOST, 4L).containsEntry("bad_checksum", 2L);
        }
    }

    @Test
    void aShutdownIsTheLastTimeTheClientWasSeen() throws Exception {
        Path file = dir.resolve("b.db");
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        RecordingEffects fx = new RecordingEffects();
        try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(file), Map::of, errors::add, AnalyticsRecorder.QUEUE,
                Retention.defaults(), () -> 10_000L)) {
            RendezvousServer server = new RendezvousServer(ServerConfig.defaults(), recorder, new java.util.Random(1));
            server.start(0, fx);
            Endpoint a = Endpoint.of("203.0.113.1", 5000);
            join(server, fx, a, 1, 0, 1_000);
            byte[] id = new byte[16];
            id[15] = 1;
            server.onDatagram(23456, a, Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).bytes(TlvTypes.UUID, id)
                    .uint(TlvTypes.SHUTDOWN, 1).build()), 9_000, fx);
        }
        assertThat(errors).isEmpty();
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).singleElement().satisfies(c -> {
                assertThat(c.lastDeparture()).isEqualTo("shutdown");
                assertThat(c.lastSeen()).isEqualTo(9_000);
            });
        }
    }

    @Test
    void aNatTypeLearnedAfterJoiningReachesTheStoreAsAMove() throws Exception {
        Path file = dir.resolve("c.db");
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        RecordingEffects fx = new RecordingEffects();
        try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(file), Map::of, errors::add, AnalyticsRecorder.QUEUE,
                Retention.defaults(), () -> 10_000L)) {
            RendezvousServer server = new RendezvousServer(ServerConfig.defaults(), recorder, new java.util.Random(1));
            server.start(0, fx);
            Endpoint a = Endpoint.of("203.0.113.1", 5000);
            join(server, fx, a, 1, 0, 1_000);
            // its NAT check finished: the next registration says Static
            server.onDatagram(23456, a, Registrations.register(1, 3, null), 8_000, fx);
        }
        assertThat(errors).isEmpty();
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).singleElement().satisfies(c -> {
                assertThat(c.nat()).isEqualTo(3);
                assertThat(c.joins()).isEqualTo(1);
                assertThat(c.lastSeen()).isEqualTo(8_000);
            });
        }
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             var rows = db.createStatement().executeQuery("SELECT kind, at FROM events ORDER BY at")) {
            List<String> kinds = new java.util.ArrayList<>();
            while (rows.next()) {
                kinds.add(rows.getString(1) + "@" + rows.getLong(2));
            }
            assertThat(kinds).containsExactly("join@1000", "moved@8000");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
