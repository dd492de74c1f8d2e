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
import org.ptpmesh.wire.MeshMarker;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PtptestCaptures;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;

/** The recorder between a server and its database: joins stored off the loop, a full queue counted. */
class AnalyticsRecorderTest {

    @TempDir
    Path dir;

    /**
     * These tests run the server on a clock that starts at 0 (1970): the writer, which prunes by
     * the wall clock, would delete every row at once under the default retention.
     */
    private static final Retention KEEP_ALL = new Retention(Long.MAX_VALUE, AnalyticsDefaults.MAX_ROWS);

    /** What a test does to a started server whose events the recorder stores. */
    private interface Scenario {
        void run(RendezvousServer server, RecordingEffects fx);
    }

    /**
     * Runs {@code scenario} on a server started at 0 that records into {@code file}, then closes the
     * recorder, which stores what is queued, and checks that it reported no error.
     */
    private static void record(Path file, ServerConfig config, Scenario scenario) throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        RecordingEffects fx = new RecordingEffects();
        try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(file), Map::of, errors::add, KEEP_ALL)) {
            RendezvousServer server = new RendezvousServer(config, recorder, new java.util.Random(1));
            server.start(0, fx);
            scenario.run(server, fx);
        }
        assertThat(errors).isEmpty();
    }

    private static void join(RendezvousServer server, RecordingEffects fx, Endpoint from, int client, int nat, long now) {
        Registrations.join(server, fx, from, client, nat, now);
    }

    @Test
    void eventsThatDoNotFitTheQueueAreCountedAndStoredAsADrop() throws Exception {
        Path file = dir.resolve("a.db");
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch diskFree = new CountDownLatch(1);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        RecordingEffects fx = new RecordingEffects();
        java.util.concurrent.atomic.AtomicBoolean slowDisk = new java.util.concurrent.atomic.AtomicBoolean();
        // once the first join is stored, the writer stalls, as on a slow disk, with room for one more event
        try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(file), () -> {
            if (slowDisk.get()) {
                writerBusy.countDown();
                await(diskFree);
            }
            return Map.of("bad_checksum", 2L);
        }, errors::add, 1, KEEP_ALL, System::currentTimeMillis)) {
            RendezvousServer server = new RendezvousServer(ServerConfig.defaults(), recorder, new java.util.Random(1));
            server.start(0, fx);
            join(server, fx, Endpoint.of("203.0.113.1", 5000), 1, 0, 1);
            // stalling only then, whatever this machine's speed, leaves the queue empty when it stalls
            awaitStored(file, 1);
            slowDisk.set(true);
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
        record(file, ServerConfig.defaults(), (server, fx) -> {
            Endpoint a = Endpoint.of("203.0.113.1", 5000);
            join(server, fx, a, 1, 0, 1_000);
            byte[] id = new byte[16];
            id[15] = 1;
            server.onDatagram(23456, a, Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).bytes(TlvTypes.UUID, id)
                    .uint(TlvTypes.SHUTDOWN, 1).build()), 9_000, fx);
        });
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).singleElement().satisfies(c -> {
                assertThat(c.lastDeparture()).isEqualTo("shutdown");
                assertThat(c.lastSeen()).isEqualTo(9_000);
            });
        }
    }

    @Test
    void aKeyedClientIsStoredAsKeyedAndAPlainOneAsLegacy() throws Exception {
        Path file = dir.resolve("k.db");
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0x42);
        record(file, ServerConfig.defaults(), (server, fx) -> {
            join(server, fx, Endpoint.of("203.0.113.1", 5000), 1, 0, 1_000);
            Registrations.keyedJoin(server, fx, Endpoint.of("203.0.113.2", 5000), key, 1_000);
        });
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).extracting(AnalyticsStore.ClientRow::id, AnalyticsStore.ClientRow::keyed).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(java.util.HexFormat.of().formatHex(Registrations.id(1)), false),
                    org.assertj.core.groups.Tuple.tuple(java.util.HexFormat.of().formatHex(org.ptpmesh.secure.KeyedPeerId.of(key).bytes()), true));
        }
    }

    /** An echo as the original ptptest 2014 client writes it: CLIENTVER 2, the UUID sent, YOURTS. */
    private static byte[] originalEcho(long yourts) {
        return Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 1, 4)
                .bytes(TlvTypes.UUID, PtptestCaptures.bytes(PtptestCaptures.CLIENT_UUID)).uint(TlvTypes.YOURTS, yourts, 8).build());
    }

    /**
     * A ptptest 2014 client, with its own bytes: its registrations and its echoes of lists keep its
     * last_seen current (not frozen at its join), and its latest META is stored as sent.
     */
    @Test
    void aPtptestClientsLastSeenFollowsItsRegistrationsAndEchoesAndItsLatestMetaIsKept() throws Exception {
        Path file = dir.resolve("d.db");
        Endpoint original = Endpoint.of("127.0.0.1", 36820);
        byte[] register = PtptestCaptures.bytes(PtptestCaptures.REGISTER);
        record(file, ServerConfig.defaults(), (server, fx) -> {
            server.onDatagram(23456, original, register, 1_000, fx);
            // the original answers the challenge's MYTS as any other: an echo of the cookie
            long cookie = fx.drain().get(0).message().uint(TlvTypes.MYTS).orElseThrow();
            server.onDatagram(23456, original, originalEcho(cookie), 1_000, fx);
            server.onDatagram(23456, original, register, 8_000, fx);
            // its echo of the list published at 8 s
            server.onTimer(RendezvousServer.Timer.PUBLISH, 8_000, fx);
            server.onDatagram(23456, original, originalEcho(Timestamps.fromMillis(8_000)), 8_020, fx);
            assertThat(fx.trace).extracting(org.ptpmesh.trace.TraceEvent::event).contains("ReceiveEcho");
        });
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).singleElement().satisfies(c -> {
                assertThat(c.audience()).isEqualTo("ptptest");
                assertThat(c.firstSeen()).isEqualTo(1_000);
                assertThat(c.lastSeen()).isEqualTo(8_020);
                assertThat(c.lastMeta()).startsWith("{\"127.0.0.1-24115\": {\"stats\"");
                assertThat(c.lastMetaAt()).isEqualTo(8_000);
            });
        }
    }

    /** The marker alone says only which software registered: kept as the latest META, not as a row per registration. */
    @Test
    void theMarkerAloneIsNotStoredAsOtherMetaButAPtptestClientsOwnMetaIs() throws Exception {
        Path file = dir.resolve("m.db");
        record(file, ServerConfig.defaults(), (server, fx) -> {
            Endpoint a = Endpoint.of("203.0.113.1", 5000);
            join(server, fx, a, 1, 0, 1_000);
            for (int t = 2_000; t <= 6_000; t += 1_000) {
                server.onDatagram(23456, a, Registrations.register(1, 0, MeshMarker.ALONE), t, fx);
            }
            server.onDatagram(23456, a, Registrations.register(1, 0, "{\"name\":\"a ptptest client\"}"), 7_000, fx);
        });
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.otherMetaCount()).isEqualTo(1);
            assertThat(store.clients()).singleElement().satisfies(c -> assertThat(c.lastMeta()).contains("a ptptest client"));
        }
    }

    /** Heard from thousands of times a batch, in any order, a client keeps the latest time it was heard. */
    @Test
    void hearingFromAClientKeepsTheLatestTimeNeverAnEarlierOne() throws Exception {
        Path file = dir.resolve("e.db");
        record(file, ServerConfig.defaults().withBounds(10, 100_000, 100_000, 10), (server, fx) -> {
            Endpoint a = Endpoint.of("203.0.113.1", 5000);
            join(server, fx, a, 1, 0, 1_000);
            byte[] register = Registrations.register(1, 0, null);
            for (int t = 2_000; t <= 49_999; t += 7) {
                server.onDatagram(23456, a, register, t, fx);
            }
            // one late in the same batch: it must not move last_seen back
            server.onDatagram(23456, a, register, 20_000, fx);
        });
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).singleElement().satisfies(c -> assertThat(c.lastSeen()).isEqualTo(49_999));
        }
    }

    @Test
    void aNatTypeLearnedAfterJoiningReachesTheStoreAsAMove() throws Exception {
        Path file = dir.resolve("c.db");
        record(file, ServerConfig.defaults(), (server, fx) -> {
            Endpoint a = Endpoint.of("203.0.113.1", 5000);
            join(server, fx, a, 1, 0, 1_000);
            // its NAT check finished: the next registration says Static
            server.onDatagram(23456, a, Registrations.register(1, 3, null), 8_000, fx);
        });
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

    @Test
    void whatAClientSaidOfItsPortMappingIsStoredAndFollowsItsMoves() throws Exception {
        Path file = dir.resolve("m.db");
        Endpoint a = Endpoint.of("203.0.113.1", 40000);
        Endpoint b = Endpoint.of("203.0.113.2", 5000);
        record(file, ServerConfig.defaults(), (server, fx) -> {
            join(server, fx, a, 1, 3, 1_000);
            join(server, fx, b, 2, 1, 1_000);
            // its gateway forwards port 3456: the server lists it there from now on
            server.onDatagram(23456, a, Registrations.mappedRegister(1, 3, Endpoint.of("203.0.113.1", 3456)), 8_000, fx);
            // a mapping on another IP is refused: b stays listed where its datagrams come from
            server.onDatagram(23456, b, Registrations.mappedRegister(2, 1, Endpoint.of("192.0.2.99", 80)), 8_000, fx);
        });
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).extracting(AnalyticsStore.ClientRow::upnp, AnalyticsStore.ClientRow::mapped)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "203.0.113.1:3456"),
                            org.assertj.core.groups.Tuple.tuple(1, null));
        }
    }

    /** Waits until the file holds {@code clients} clients, committed, as another reader sees them. */
    private static void awaitStored(Path file, int clients) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 var r = db.createStatement().executeQuery("SELECT count(*) FROM clients")) {
                if (r.next() && r.getInt(1) == clients) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("%d client(s) stored within 10 s", clients).isLessThan(deadline);
            Thread.sleep(20);
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
