package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.conformance.interop.SealedIntroducers;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.net.AddressFamily;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.json.WireJson;

/**
 * {@code ptpconform peer} dual-stack on loopback, as the NAT lab runs it: two dual-stack
 * introducers on {@code ::}, two peers with {@code --ipv6-introducers}, one connecting to the
 * other. Both report both NATs and a direct path on IPv6 (loopback RTTs tie); single-family peers
 * beside them report neither a second NAT nor a family. Skipped without IPv6.
 */
class PeerCommandTest {

    private final List<UdpRuntime> introducers = new ArrayList<>();

    @AfterEach
    void stop() {
        introducers.forEach(UdpRuntime::close);
    }

    @Test
    void twoDualStackReferencePeersTalkDirectlyOnIpv6() throws Exception {
        assumeTrue(AddressFamily.ipv6Available(), "no IPv6 on this machine");
        InetAddress any = InetAddress.getByName("::");
        int[] introducerPorts = {introducer(any, 1), introducer(any, 2)};
        String four = "127.0.0.1:" + introducerPorts[0] + ",127.0.0.1:" + introducerPorts[1];
        String six = "[::1]:" + introducerPorts[0] + ",[::1]:" + introducerPorts[1];
        String idA = "000102030405060708090a0b0c0d0e0f";
        String idB = "101112131415161718191a1b1c1d1e1f";
        CompletableFuture<PtpconformRun> waiting = CompletableFuture.supplyAsync(() -> peer(any, four, six, idB));
        Thread.sleep(500);
        PtpconformRun connecting = peer(any, four, six, idA, "--connect", idB);
        PtpconformRun waited = waiting.get(30, TimeUnit.SECONDS);

        for (PtpconformRun run : List.of(connecting, waited)) {
            assertThat(run.exit()).as(run.err()).isZero();
            String[] lines = run.out().strip().split("\n");
            assertThat(lines[0]).isEqualTo("{\"ready\":true}");
            JsonNode result = WireJson.MAPPER.readTree(lines[lines.length - 1]);
            assertThat(result.get("ok").asBoolean()).as(run.out()).isTrue();
            assertThat(result.get("nat").asText()).isEqualTo("Static");
            assertThat(result.get("nat6").asText()).isEqualTo("Static");
            assertThat(result.get("path").asText()).isEqualTo("direct");
            assertThat(result.get("family").asText()).as(run.out()).isEqualTo("ipv6");
        }
    }

    @Test
    void twoSingleFamilyReferencePeersReportNoSecondFamily() throws Exception {
        assumeTrue(AddressFamily.ipv6Available(), "no IPv6 on this machine");
        InetAddress any = InetAddress.getByName("::");
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        int[] introducerPorts = {introducer(any, 3), introducer(any, 4)};
        String four = "127.0.0.1:" + introducerPorts[0] + ",127.0.0.1:" + introducerPorts[1];
        String idB = "202122232425262728292a2b2c2d2e2f";
        CompletableFuture<PtpconformRun> waiting = CompletableFuture.supplyAsync(() -> singlePeer(v4, four, idB));
        Thread.sleep(500);
        PtpconformRun connecting = singlePeer(v4, four, "303132333435363738393a3b3c3d3e3f", "--connect", idB);
        PtpconformRun waited = waiting.get(30, TimeUnit.SECONDS);

        for (PtpconformRun run : List.of(connecting, waited)) {
            assertThat(run.exit()).as(run.err()).isZero();
            String[] lines = run.out().strip().split("\n");
            JsonNode result = WireJson.MAPPER.readTree(lines[lines.length - 1]);
            assertThat(result.get("ok").asBoolean()).as(run.out()).isTrue();
            assertThat(result.get("path").asText()).isEqualTo("direct");
            assertThat(result.has("nat6")).isFalse();
            assertThat(result.has("family")).isFalse();
        }
    }

    @Test
    void twoKeyedReferencePeersPinningSealedIntroducersTalkDirectly(@TempDir Path dir) throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        try (SealedIntroducers sealed = new SealedIntroducers()) {
            String pinned = sealed.pinned(sealed.start(v4, dir, 5)) + "," + sealed.pinned(sealed.start(v4, dir, 6));
            connectKeyed(v4, pinned, dir);
        }
    }

    /** Two keyed peers with {@code pinned} introducers: one waits, one connects to it by the id of its key. */
    private static void connectKeyed(InetAddress v4, String pinned, Path dir) throws Exception {
        Path identityB = dir.resolve("b/identity");
        String idB = IdentityFile.loadOrCreate(identityB, new SecureRandom()).peerId().toString();
        CompletableFuture<PtpconformRun> waiting = CompletableFuture.supplyAsync(() -> keyedPeer(v4, pinned, identityB));
        Thread.sleep(500);
        PtpconformRun connecting = keyedPeer(v4, pinned, dir.resolve("a/identity"), "--connect", idB);
        PtpconformRun waited = waiting.get(30, TimeUnit.SECONDS);

        for (PtpconformRun run : List.of(connecting, waited)) {
            assertThat(run.exit()).as(run.err()).isZero();
            String[] lines = run.out().strip().split("\n");
            JsonNode result = WireJson.MAPPER.readTree(lines[lines.length - 1]);
            assertThat(result.get("ok").asBoolean()).as(run.out() + run.err()).isTrue();
            assertThat(result.get("path").asText()).isEqualTo("direct");
        }
        assertThat(waited.err()).contains("peer id " + idB);
        // a keyed peer's id is its key's: another --id is refused, saying so
        PtpconformRun other = keyedPeer(v4, pinned, identityB, "--id", "000102030405060708090a0b0c0d0e0f");
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("is not the id of this peer's key (" + idB);
    }

    private static PtpconformRun keyedPeer(InetAddress v4, String introducers, Path identity, String... more) {
        int[] ports = distinctFreePorts(v4, 2);
        List<String> args = new ArrayList<>(List.of("peer", "--bind", "127.0.0.1:" + ports[0], "--test-port",
                String.valueOf(ports[1]), "--introducers", introducers, "--identity", identity.toString(), "--timeout", "15s"));
        args.addAll(List.of(more));
        return PtpconformRun.of(args.toArray(String[]::new));
    }

    private static PtpconformRun singlePeer(InetAddress v4, String four, String id, String... more) {
        int[] ports = distinctFreePorts(v4, 2);
        List<String> args = new ArrayList<>(List.of("peer", "--legacy", "--bind", "127.0.0.1:" + ports[0], "--test-port",
                String.valueOf(ports[1]), "--introducers", four, "--id", id, "--timeout", "15s"));
        args.addAll(List.of(more));
        return PtpconformRun.of(args.toArray(String[]::new));
    }

    private static PtpconformRun peer(InetAddress any, String four, String six, String id, String... more) {
        int[] ports = distinctFreePorts(any, 4);
        List<String> args = new ArrayList<>(List.of("peer", "--legacy", "--bind", "[::]:" + ports[0], "--test-port",
                String.valueOf(ports[1]), "--introducers", four, "--ipv6-introducers", six,
                "--ipv6-ports", ports[2] + "," + ports[3], "--id", id, "--timeout", "15s",
                // :: is no loopback address: without this the peer would ask the machine's real gateway for a mapping
                "--no-port-mapping"));
        args.addAll(List.of(more));
        return PtpconformRun.of(args.toArray(String[]::new));
    }

    private static int[] distinctFreePorts(InetAddress any, int count) {
        return SealedIntroducers.distinctFreePorts(any, count);
    }

    /** A dual-stack introducer on {@code any}; returns its port. */
    private int introducer(InetAddress any, int seed) throws Exception {
        int[] ports = distinctFreePorts(any, 2);
        int port = ports[0];
        IntroducerConfig config = IntroducerConfig.builder("introducer" + seed, port).testSourcePort(ports[1])
                .registrationMillis(60_000).maxRegistrations(100).relayQuota(100).build();
        Introducer node = new Introducer(config, PeerId.random(new Random(seed)), 0, new Random(seed));
        UdpRuntime rt = new UdpRuntime(node, any, e -> { }, DatagramTap.NONE, e -> { }, System::currentTimeMillis);
        rt.start();
        introducers.add(rt);
        return port;
    }
}
