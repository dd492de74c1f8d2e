package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.KeyLogFile;
import org.ptpmesh.identity.KnownIntroducers;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/** ptpserver and keyed ptpclients on 127.0.0.1, on real sockets: sealed registration, what a key refuses, the key log. */
class SealedServerClientTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port = LocalAddresses.freeUdpPort(LOOPBACK);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aKeyedClientRegistersSealedAndAPlainClaimOfItsIdFromAnotherPortIsDropped() throws Exception {
        Path keyLog = dir.resolve("keylog");
        Path victimKey = dir.resolve("victim/identity");
        Path serverKey = dir.resolve("server/identity");
        PeerId victim = identity(victimKey).peerId();
        int web = freeTcpPort();
        PtpserverCommand server = new PtpserverCommand();
        server.identity.environment = Map.of(KeyLogFile.VARIABLE, keyLog.toString());
        Future<Integer> serverRun = pool.submit(() -> new CapturedRun().run(server, "-s", "127.0.0.1", "-p", "" + port, "--nostun",
                "--db", dir.resolve("a.db").toString(), "--identity", serverKey.toString(), "--http", "127.0.0.1:" + web,
                "--publish-every", "500ms", "--announce-gap", "100ms", "--exit-after", "10s"));
        Thread.sleep(500);
        PtpclientCommand keyed = new PtpclientCommand();
        keyed.identity.environment = Map.of(KeyLogFile.VARIABLE, keyLog.toString());
        Path trace = dir.resolve("victim.ndjson");
        Future<Integer> victimRun = pool.submit(() -> new CapturedRun().run(keyed, "-s", "127.0.0.1", "-p", "" + port, "--nostun",
                "--identity", victimKey.toString(), "--register-every", "300ms", "--trace", trace.toString(), "--exit-after", "7s"));
        Future<Integer> legacyRun = pool.submit(() -> new CapturedRun().run(new PtpclientCommand(), "-s", "127.0.0.1", "-p", "" + port,
                "--nostun", "--legacy", "--register-every", "300ms", "--exit-after", "7s"));

        JsonNode before = awaitLive(web, live -> row(live, victim) != null && live.get("registered").size() == 2);
        assertThat(row(before, victim).get("keying").asText()).isEqualTo("keyed");
        assertThat(before.get("registered")).anySatisfy(r -> assertThat(r.get("keying").asText()).isEqualTo("legacy"));
        String victimAddress = row(before, victim).get("external").asText();

        long attackedAt;
        List<MessageKind> answersToAttacker;
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Endpoint own = new Endpoint(LOOPBACK, attacker.getLocalPort());
            attackedAt = System.currentTimeMillis();
            send(attacker, Codec.encode(Message.of(MessageKind.REGISTER, victim.bytes()).uint(TlvTypes.CLIENTVER, 1)
                    .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, own).uint(TlvTypes.MYTS, 1).build()));
            // the introducer knows the id is keyed from the rendezvous role: no challenge, no answer
            send(attacker, Messages.ping(victim, NatType.UNKNOWN, 0, 0, own, 1));
            send(attacker, Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).bytes(TlvTypes.UUID, victim.bytes())
                    .uint(TlvTypes.SHUTDOWN, 1).build()));
            // and a SEALED datagram of no session the server has: the session layer's drop
            send(attacker, Codec.encode(Message.of(MessageKind.SEALED, victim.bytes()).uint(TlvTypes.PEERSESSION, 7)
                    .uint(TlvTypes.COUNTER, 0).bytes(TlvTypes.SEALED, new byte[32]).build()));
            answersToAttacker = drain(attacker, 2_000);
        }
        JsonNode after = live(web);
        JsonNode row = row(after, victim);
        long refused = after.get("drops").path("keyed_id_claimed_plain").asLong()
                + after.get("drops").path("introducer_keyed_id_claimed_plain").asLong();

        assertThat(victimRun.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(legacyRun.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(serverRun.get(20, TimeUnit.SECONDS)).isZero();
        long listsAfterAttack = Files.readAllLines(trace).stream().map(SealedServerClientTest::json)
                .filter(e -> e.path("event").asText().equals("ReceiveList") && e.path("time").asLong() > attackedAt + 500).count();
        System.out.printf("hijack from another port: %d plain claims dropped, answered to the attacker: %s, victim"
                + " still at %s (was %s) keyed=%s, %d list pages received by the victim after the attack%n", refused,
                answersToAttacker, row == null ? "-" : row.get("external").asText(), victimAddress,
                row == null ? "-" : row.get("keying").asText(), listsAfterAttack);
        assertThat(row).as("the victim is still registered").isNotNull();
        assertThat(row.get("external").asText()).isEqualTo(victimAddress);
        assertThat(row.get("keying").asText()).isEqualTo("keyed");
        assertThat(refused).as("REGISTER, SHUTDOWN and PING dropped, the PING by the introducer although this client"
                + " never pinged it: one server binds one id").isEqualTo(3);
        assertThat(after.get("drops").path("introducer_keyed_id_claimed_plain").asLong()).isOne();
        assertThat(answersToAttacker).as("nothing answers the claims; the stray SEALED neither").isEmpty();
        assertThat(listsAfterAttack).isPositive();
        assertThat(after.get("sessions").asInt()).isOne();
        assertThat(after.get("drops").fieldNames()).toIterable().as("the session layer's drops beside the roles'")
                .anyMatch(reason -> reason.startsWith(SealedServer.SECURE_DROPS));

        // trust on first use: the server's key is recorded beside the client's identity
        byte[] serverPublic = identity(serverKey).keys().publicKey();
        assertThat(Files.readString(KnownIntroducers.beside(victimKey)))
                .contains("127.0.0.1:" + port + " " + PublicKeys.format(serverPublic));
        // the key log: both ends wrote each key of the session, so each line is there twice and the two agree
        List<String> lines = Files.readAllLines(keyLog);
        assertThat(lines).hasSize(4).allMatch(l -> l.matches("PTPMESH_SEAL [0-9a-f]{32} [0-9a-f]{8} [0-9a-f]{64}"));
        assertThat(lines.stream().distinct().map(l -> l.split(" ")[1]))
                .containsExactlyInAnyOrder(victim.toString(), identity(serverKey).peerId().toString());
    }

    @Test
    void aPinnedOrRecordedKeyTheServerDoesNotHaveIsRefusedAndTheClientStops() throws Exception {
        Future<Integer> serverRun = pool.submit(() -> new CapturedRun().run(new PtpserverCommand(), "-s", "127.0.0.1", "-p", "" + port,
                "--nostun", "--db", dir.resolve("a.db").toString(), "--identity", dir.resolve("server/identity").toString(),
                "--exit-after", "15s"));
        Thread.sleep(500);
        String otherKey = PublicKeys.format(identity(dir.resolve("other/identity")).keys().publicKey());
        CapturedRun pinned = new CapturedRun();
        Future<Integer> pinnedRun = pool.submit(() -> pinned.run(new PtpclientCommand(), "-s", "127.0.0.1@" + otherKey, "-p",
                "" + port, "--nostun", "--identity", dir.resolve("pinned/identity").toString(), "--exit-after", "14s"));
        Path recordedKey = dir.resolve("recorded/identity");
        identity(recordedKey);
        Path known = KnownIntroducers.beside(recordedKey);
        Files.writeString(known, "# known introducers\n127.0.0.1:" + port + " " + otherKey + "\n");
        Files.setPosixFilePermissions(known, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CapturedRun recorded = new CapturedRun();
        Future<Integer> recordedRun = pool.submit(() -> recorded.run(new PtpclientCommand(), "-s", "127.0.0.1", "-p", "" + port,
                "--nostun", "--identity", recordedKey.toString(), "--exit-after", "14s"));

        long started = System.currentTimeMillis();
        assertThat(pinnedRun.get(30, TimeUnit.SECONDS)).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(recordedRun.get(30, TimeUnit.SECONDS)).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(System.currentTimeMillis() - started).as("stopped at the refusal, not at --exit-after").isLessThan(13_000);
        assertThat(pinned.err.toString()).contains("not the key pinned for it").contains(otherKey);
        assertThat(recorded.err.toString()).contains(known + " line 2 records " + otherKey).contains("delete line 2 of " + known);
        assertThat(Files.readString(known)).as("a refused key is not recorded").doesNotContain(
                PublicKeys.format(identity(dir.resolve("server/identity")).keys().publicKey()));
        assertThat(serverRun.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aKeyedClientRefusesAnIdThatIsNotItsKeysButTakesItsOwn() throws Exception {
        Path key = dir.resolve("c/identity");
        PeerId own = identity(key).peerId();
        CapturedRun other = new CapturedRun();
        assertThat(other.run(new PtpclientCommand(), "-p", "" + port, "--nostun", "--identity", key.toString(), "--id",
                "0123456789abcdef0123456789abcdef", "--exit-after", "1ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(other.err.toString()).contains("--id 0123456789abcdef0123456789abcdef is not the id of this client's key ("
                + own + ", from " + key + ")").contains("--legacy");
        assertThat(new CapturedRun().run(new PtpclientCommand(), "-p", "" + port, "--nostun", "--identity", key.toString(),
                "--id", own.toString(), "--exit-after", "1ms")).isZero();
        assertThat(new CapturedRun().run(new PtpclientCommand(), "-p", "" + port, "--nostun", "--legacy", "--id",
                "0123456789abcdef0123456789abcdef", "--exit-after", "1ms")).isZero();
    }

    private static Identity identity(Path file) throws Exception {
        return IdentityFile.loadOrCreate(file, new SecureRandom());
    }

    private void send(DatagramSocket socket, byte[] datagram) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress(LOOPBACK, port)));
    }

    /** The kinds of the datagrams that arrive within {@code millis} (a datagram without MSGKIND is ptptest 2014's list). */
    private static List<MessageKind> drain(DatagramSocket socket, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        List<MessageKind> got = new java.util.ArrayList<>();
        while (System.currentTimeMillis() < end) {
            socket.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException quiet) {
                return got;
            }
            Message m = ((DecodeResult.Decoded) Codec.decode(java.util.Arrays.copyOf(p.getData(), p.getLength()))).message();
            got.add(MessageKind.fromCode(m.uint(TlvTypes.MSGKIND).orElse(MessageKind.LIST.code())));
        }
        return got;
    }

    /** The server's live view once {@code until} holds of it (its web server may not listen yet at first). */
    private JsonNode awaitLive(int web, Predicate<JsonNode> until) throws Exception {
        long end = System.currentTimeMillis() + 8_000;
        JsonNode live = null;
        while ((live == null || !until.test(live)) && System.currentTimeMillis() < end) {
            Thread.sleep(100);
            try {
                live = live(web);
            } catch (java.net.ConnectException notYet) {
                live = null;
            }
        }
        assertThat(live != null && until.test(live)).as("the server's live view in time: " + live).isTrue();
        return live;
    }

    private JsonNode live(int web) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/api/live")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(response.body());
    }

    private static JsonNode row(JsonNode live, PeerId id) {
        for (JsonNode r : live.get("registered")) {
            if (r.get("id").asText().equals(id.toString())) {
                return r;
            }
        }
        return null;
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }

    private static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }
}
