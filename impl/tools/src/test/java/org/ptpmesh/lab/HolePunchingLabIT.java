package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.lab.CapturedFrames.Frame;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.wire.MessageKind;

/**
 * Hole punching through real Linux NATs, each pair in its own lab: Easy/Easy direct, the
 * birthday strategy between Easy and Hard both ways, Hard/Hard relayed.
 */
@Tag("lab")
class HolePunchingLabIT {

    /**
     * Birthday attempts here may probe twice the introducer design's 1000 times: at 1000 about 2%
     * of fair attempts fail, at 2000 fewer than 1 in 2500, so the test does not fail by bad luck.
     */
    private static final int BIRTHDAY_BUDGET = 2_000;
    /** Sessions a keyed peer with a sealed direct path holds: one with each introducer, one or two on the path. */
    private static final int SESSIONS_WITH_A_PATH = 3;

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
    }

    /** A pair run, with where its captures are and each side's NAT address (for a birthday pair). */
    private record Ran(PairResult result, Path captures, String easyNat, String hardNat, String easyBox, String hardBox,
                       MessageKind punch) {
    }

    /**
     * What the peers send where a PUNCH opens or probes a route without a session: a keyed peer an
     * IK init to the key its INTRO named (docs/protocol.md 6.9), a legacy one the PUNCH itself.
     */
    private static MessageKind punchKind(PairOptions options) {
        return options.legacy() ? MessageKind.PUNCH : MessageKind.HANDSHAKE_INIT;
    }

    private static PairResult run(LabNat from, LabNat to, PairOptions options) {
        return runCaptured(from, to, options, null).result();
    }

    /** Runs the pair with captures of each NAT's WAN and LAN side in target/lab-captures/NAME. */
    private static Ran runCaptured(LabNat from, LabNat to, PairOptions options, String name) {
        Path dir = name == null ? null : Path.of("target", "lab-captures", name);
        try (TwoPeers pair = TwoPeers.start(from, to, dir == null ? options : options.withCaptures(dir))) {
            assertThat(pair.awaitClassified(5_000)).as("both peers classified").isTrue();
            PairResult r = pair.connect();
            System.out.println("lab: " + r);
            assertThat(r.classifiedRight()).as("classification " + r).isTrue();
            LabPeer easy = from == LabNat.EASY ? pair.a() : pair.b();
            LabPeer hard = from == LabNat.EASY ? pair.b() : pair.a();
            for (LabPeer p : List.of(pair.a(), pair.b())) {
                assertThat(p.keyed()).as(p.describe()).isEqualTo(!options.legacy());
                if (p.keyed()) {
                    // a direct path between keyed peers is confirmed only in a session with the introduced key
                    assertThat(p.sessions()).as("sessions of " + p.describe())
                            .isGreaterThanOrEqualTo(r.direct() ? SESSIONS_WITH_A_PATH : 2);
                }
            }
            return new Ran(r, dir, wan(easy), wan(hard), box(easy), box(hard), punchKind(options));
        }
    }

    /** The capture file prefix of the peer's NAT (TwoPeers names them NAME-KIND-wan/lan.pcap). */
    private static String box(LabPeer p) {
        return p.host().isPublic() ? p.host().name() : p.host().nat().name() + "-" + p.host().nat().kind().label();
    }

    private static String wan(LabPeer p) {
        return p.host().isPublic() ? p.host().address().getHostAddress() : p.host().nat().wanAddress().getHostAddress();
    }

    /** The capture of one side of the Easy or Hard NAT of a birthday run. */
    private static List<Frame> capture(Ran ran, LabNat kind, String side) throws Exception {
        String box = kind == LabNat.EASY ? ran.easyBox() : ran.hardBox();
        return CapturedFrames.read(ran.captures().resolve(box + "-" + side + ".pcap"));
    }

    /** What the Easy NAT's WAN side saw before its first probe to the Hard NAT left. */
    private static List<Frame> beforeFirstProbe(Ran ran) throws Exception {
        List<Frame> easyWan = capture(ran, LabNat.EASY, "wan");
        int firstProbe = CapturedFrames.indexOf(easyWan, f -> f.kind() == ran.punch() && f.dst().equals(ran.hardNat()));
        assertThat(firstProbe).as("a probe left the Easy NAT").isNotNegative();
        return easyWan.subList(0, firstProbe);
    }

    /**
     * What the captures must show when openers work: the Hard peer's 256 openers leave its LAN
     * with TTL 2, and none of them reaches the Easy NAT before its first probe leaves.
     */
    private static void assertOpenersStayedHome(Ran ran) throws Exception {
        List<Frame> hardLan = capture(ran, LabNat.HARD, "lan");
        assertThat(hardLan.stream().filter(f -> f.kind() == ran.punch() && f.ttl() == 2 && f.dst().equals(ran.easyNat())))
                .as("the Hard side's openers, TTL 2").hasSize(256);
        assertThat(beforeFirstProbe(ran)).as("nothing from the Hard NAT before the first probe")
                .noneMatch(f -> f.src().equals(ran.hardNat()));
    }

    @Test
    void easyToEasyConnectsDirectly() {
        PairResult r = run(LabNat.EASY, LabNat.EASY, PairOptions.defaults());
        assertThat(r.strategy()).isEqualTo(Strategy.DIRECT);
        assertThat(r.result()).isEqualTo("direct");
    }

    @Test
    void easyToHardFindsTheHardSideByBirthdayProbes() throws Exception {
        Ran ran = runCaptured(LabNat.EASY, LabNat.HARD, PairOptions.defaults().withBirthdayMaxProbes(BIRTHDAY_BUDGET),
                "easy-hard");
        assertOpenersStayedHome(ran);
        PairResult r = ran.result();
        assertThat(r.strategy()).isEqualTo(Strategy.BIRTHDAY_PROBE);
        assertThat(r.result()).isEqualTo("direct");
        assertThat(r.probes()).isBetween(1, BIRTHDAY_BUDGET);
    }

    @Test
    void hardToEasyIsFoundByTheEasySidesProbes() throws Exception {
        Ran ran = runCaptured(LabNat.HARD, LabNat.EASY, PairOptions.defaults().withBirthdayMaxProbes(BIRTHDAY_BUDGET),
                "hard-easy");
        assertOpenersStayedHome(ran);
        PairResult r = ran.result();
        assertThat(r.strategy()).isEqualTo(Strategy.BIRTHDAY_OPEN);
        assertThat(r.result()).isEqualTo("direct");
        assertThat(r.probes()).isBetween(1, BIRTHDAY_BUDGET);
    }

    @Test
    void hardToHardIsRelayed() {
        PairResult r = run(LabNat.HARD, LabNat.HARD, PairOptions.defaults());
        assertThat(r.strategy()).isEqualTo(Strategy.RELAY);
        assertThat(r.attempt()).isEqualTo("RELAYED");
        assertThat(r.result()).isEqualTo("relayed");
    }

    /**
     * The reason openers exist: with a normal TTL the Hard side's 256 pings reach the Easy NAT
     * first, conntrack records each, and the Easy side's probe to a matching port then leaves
     * from another public port, which the Hard NAT does not let in (docs/simulator.md, "Conntrack").
     */
    @Test
    void withoutLowTtlOpenersTheBirthdayFailsBothWays() throws Exception {
        // legacy peers: the prober must spend its whole budget in time, and a keyed probe is an IK
        // init, three X25519 operations (1.5 to 2 ms each on a loaded two-core machine), where a
        // PUNCH costs nothing; two such labs at once there fell behind (docs/lab.md, "Keys")
        PairOptions naive = PairOptions.defaults().withLegacyPeers().withoutOpeners();
        Ran[] runs = new Ran[2];
        Thread other = new Thread(() -> runs[1] = runCaptured(LabNat.HARD, LabNat.EASY, naive, "hard-easy-no-openers"));
        other.start();
        runs[0] = runCaptured(LabNat.EASY, LabNat.HARD, naive, "easy-hard-no-openers");
        other.join();
        assertThat(runs[1]).as("the other direction ran").isNotNull();
        PairResult[] results = {runs[0].result(), runs[1].result()};
        for (PairResult r : results) {
            assertThat(r).isNotNull();
            assertThat(r.attempt()).as(r.toString()).isEqualTo("GAVE_UP");
            assertThat(r.direct()).as(r.toString()).isFalse();
            // the relay still carries the application's message
            assertThat(r.result()).as(r.toString()).isEqualTo("relayed");
        }
        // the prober spent its whole budget before CONNECTING_MAX_TIME (probes are paced from the
        // attempt's start, so late-firing real timers do not cut it short)
        assertThat(results[0].probes()).isEqualTo(naive.birthdayMaxProbes());
        for (Ran ran : runs) {
            // the Hard side's pings reached the Easy NAT (TTL 64 less two routers) before any probe left it
            assertThat(beforeFirstProbe(ran).stream()
                    .filter(f -> f.kind() == ran.punch() && f.src().equals(ran.hardNat()) && f.ttl() == 62)).hasSize(256);
        }
    }
}
