package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.trace.NdjsonTraceWriter;

/**
 * Peers behind routers that grant port mappings (docs/simulator.md, "Port mapping"): the mapped
 * side is Static, so Hard pairs connect directly with no birthday probes; a router that refuses
 * or does not answer leaves the peer Hard, connecting as it did without mapping.
 */
@ExtendWith(SeedInFailure.class)
class PortMappedConnectTest {

    private static final long SETTLE = 3_000;

    private static AttemptResult lastResult(MeshPeer p) {
        List<AttemptResult> results = p.peer().attemptResults();
        assertThat(results).as(p + " attempts").isNotEmpty();
        return results.get(results.size() - 1);
    }

    private static int probes(MeshPeer p) {
        return p.peer().attemptResults().stream().mapToInt(AttemptResult::probes).sum();
    }

    @ParameterizedTest(name = "{0} -> {1}, seed {2}")
    @CsvSource({
        "HARD_MAP, LINUX_HARD, 1", "LINUX_HARD, HARD_MAP, 2",
        "HARD_MAP, HARD_MAP, 3", "EASY_MAP, LINUX_HARD, 4",
        "HARD_MAP, LINUX_EASY, 5", "HARD, HARD_MAP, 6",
    })
    void aMappedSideMakesThePairDirectWithoutBirthdayProbes(NatKind a, NatKind b, long seed) {
        Mesh mesh = new Mesh(seed);
        MeshPeer pa = mesh.addPeer("a", a);
        MeshPeer pb = mesh.addPeer("b", b);
        mesh.runFor(SETTLE);
        assertThat(pa.peer().nat()).as("a classified").isEqualTo(a.expectedType());
        assertThat(pb.peer().nat()).as("b classified").isEqualTo(b.expectedType());
        mesh.connect(pa, pb);
        mesh.runFor(15_000);

        AttemptResult ra = lastResult(pa);
        assertThat(ra.strategy()).isEqualTo(Strategy.DIRECT);
        assertThat(ra.outcome()).isEqualTo(AttemptOutcome.DIRECT);
        assertThat(lastResult(pb).outcome()).isEqualTo(AttemptOutcome.DIRECT);
        assertThat(pa.peer().pathTo(pb.id())).isEqualTo(Path.DIRECT);
        assertThat(pb.peer().pathTo(pa.id())).isEqualTo(Path.DIRECT);
        for (MeshPeer side : List.of(pa, pb)) {
            assertThat(side.peer().attemptResults()).as("%s: no birthday strategy at all", side)
                    .allSatisfy(r -> assertThat(r.strategy()).isEqualTo(Strategy.DIRECT));
            // at most a punch or two (the mapped side waits for the other's), where the birthday strategy sends hundreds
            assertThat(probes(side)).as("%s punches", side).isLessThanOrEqualTo(2);
        }
        assertThat(probes(pa) + probes(pb)).as("punches of the pair").isPositive();
    }

    @Test
    void theMappedPortIsTheOneTheRouterForwardsAndTheIntroducerHandsOut() {
        Mesh mesh = new Mesh(7);
        MeshPeer mapped = mesh.addPeer("mapped", NatKind.HARD_MAP);
        mesh.runFor(SETTLE);
        assertThat(mapped.nat().forwards()).singleElement().satisfies(f -> {
            assertThat(f.inside()).isEqualTo(mapped.host().endpoint(PeerDefaults.LOCAL_PORT));
            assertThat(mapped.peer().portMapping()).hasValueSatisfying(m -> {
                assertThat(m.externalPort()).isEqualTo(f.externalPort());
                assertThat(m.externalAddress()).isEqualTo(mapped.nat().publicAddress());
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HARD_MAP_REFUSED", "HARD_MAP_SILENT"})
    void aRouterThatGrantsNothingLeavesThePeerHardAndItStillConnectsAsBefore(NatKind kind) {
        for (NatKind other : List.of(NatKind.LINUX_HARD, NatKind.NONE)) {
            Mesh mesh = new Mesh(21);
            MeshPeer asking = mesh.addPeer("asking", kind);
            MeshPeer peer = mesh.addPeer("other", other);
            mesh.runFor(SETTLE + 2_000);
            assertThat(asking.peer().nat()).as("behind %s", kind).isEqualTo(NatType.HARD);
            assertThat(asking.peer().portMapping()).isEmpty();
            assertThat(asking.nat().forwards()).isEmpty();
            mesh.connect(asking, peer);
            mesh.runFor(15_000);
            Path expected = other == NatKind.LINUX_HARD ? Path.RELAY : Path.DIRECT;
            assertThat(asking.peer().pathTo(peer.id())).as("to %s", other).isEqualTo(expected);
        }
    }

    @Test
    void hardToHardWithoutMappingStillRelays() {
        Mesh mesh = new Mesh(3);
        MeshPeer a = mesh.addPeer("a", NatKind.LINUX_HARD);
        MeshPeer b = mesh.addPeer("b", NatKind.LINUX_HARD);
        mesh.runFor(SETTLE);
        mesh.connect(a, b);
        mesh.runFor(15_000);
        assertThat(lastResult(a).strategy()).isEqualTo(Strategy.RELAY);
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.RELAY);
        assertThat(a.nat().forwards()).isEmpty();
    }

    @Test
    void hardToEasyWithoutMappingStillProbes() {
        Mesh mesh = new Mesh(5);
        MeshPeer hard = mesh.addPeer("hard", NatKind.LINUX_HARD);
        MeshPeer easy = mesh.addPeer("easy", NatKind.LINUX_EASY);
        mesh.runFor(SETTLE);
        mesh.connect(hard, easy);
        mesh.runFor(15_000);
        assertThat(lastResult(easy).strategy()).isEqualTo(Strategy.BIRTHDAY_PROBE);
        assertThat(probes(easy)).isPositive();
    }

    private static String traceOf(long seed) {
        StringWriter out = new StringWriter();
        Mesh mesh = new Mesh(seed);
        mesh.simulation().addTraceSink(new NdjsonTraceWriter(out));
        MeshPeer a = mesh.addPeer("a", NatKind.HARD_MAP);
        MeshPeer b = mesh.addPeer("b", NatKind.LINUX_HARD);
        mesh.runFor(SETTLE);
        mesh.connect(a, b);
        mesh.runFor(10_000);
        return out + mesh.simulation().stats().toString();
    }

    @Test
    void oneSeedGivesOneTraceByteForByte() {
        String trace = traceOf(9);
        assertThat(trace).contains("PortMapped").isEqualTo(traceOf(9)).isNotEqualTo(traceOf(10));
    }
}
