package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** Peers a and b behind their own NATs of kinds {@code a} and {@code b}, a asked to connect to b once classified. */
    private static List<MeshPeer> connected(long seed, NatKind a, NatKind b) {
        Mesh mesh = new Mesh(seed);
        MeshPeer pa = mesh.addPeer("a", a);
        MeshPeer pb = mesh.addPeer("b", b);
        mesh.runFor(SETTLE);
        mesh.connect(pa, pb);
        mesh.runFor(15_000);
        return List.of(pa, pb);
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
        List<MeshPeer> pair = connected(seed, a, b);
        MeshPeer pa = pair.get(0);
        MeshPeer pb = pair.get(1);
        assertThat(pa.peer().nat()).as("a classified").isEqualTo(a.expectedType());
        assertThat(pb.peer().nat()).as("b classified").isEqualTo(b.expectedType());

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

    /**
     * Both sides mapped and introduced at once: if both waited for the other's punch, their
     * punches would cross, each side would take the path the other's punch came on (a random
     * port of its NAT), and its data, leaving through the other's mapping, would come from
     * another port than the one the other side confirmed: DIRECT on both sides, nothing delivered.
     */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"3", "11", "12", "13"})
    void twoMappedPeersConfirmOnePathThatCarriesDataBothWays(long seed) {
        Mesh mesh = new Mesh(seed);
        MeshPeer pa = mesh.addPeer("a", NatKind.HARD_MAP);
        MeshPeer pb = mesh.addPeer("b", NatKind.HARD_MAP);
        mesh.runFor(SETTLE);
        mesh.connect(pa, pb);
        mesh.runFor(5_000);
        assertThat(pa.peer().pathTo(pb.id())).isEqualTo(Path.DIRECT);
        assertThat(pb.peer().pathTo(pa.id())).isEqualTo(Path.DIRECT);
        mesh.send(pa, pb, "a to b");
        mesh.send(pb, pa, "b to a");
        mesh.runFor(3_000);
        assertThat(pb.deliveries()).extracting(MeshPeer.Delivery::payload).containsExactly("a to b");
        assertThat(pa.deliveries()).extracting(MeshPeer.Delivery::payload).containsExactly("b to a");
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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"HARD_MAP_REFUSED, LINUX_HARD, RELAY", "HARD_MAP_SILENT, LINUX_HARD, RELAY",
        "HARD_MAP_REFUSED, NONE, DIRECT", "HARD_MAP_SILENT, NONE, DIRECT"})
    void aRouterThatGrantsNothingLeavesThePeerHardAndItConnectsAsBefore(NatKind kind, NatKind other, Path expected) {
        List<MeshPeer> pair = connected(21, kind, other);
        MeshPeer asking = pair.get(0);
        assertThat(asking.peer().nat()).isEqualTo(NatType.HARD);
        assertThat(asking.peer().portMapping()).isEmpty();
        assertThat(asking.nat().forwards()).isEmpty();
        assertThat(asking.peer().pathTo(pair.get(1).id())).isEqualTo(expected);
    }

    @Test
    void withoutMappingHardToHardStillRelaysAndHardToEasyStillProbes() {
        List<MeshPeer> hardPair = connected(3, NatKind.LINUX_HARD, NatKind.LINUX_HARD);
        assertThat(lastResult(hardPair.get(0)).strategy()).isEqualTo(Strategy.RELAY);
        assertThat(hardPair.get(0).peer().pathTo(hardPair.get(1).id())).isEqualTo(Path.RELAY);

        List<MeshPeer> birthdayPair = connected(5, NatKind.LINUX_HARD, NatKind.LINUX_EASY);
        MeshPeer easy = birthdayPair.get(1);
        assertThat(lastResult(easy).strategy()).isEqualTo(Strategy.BIRTHDAY_PROBE);
        assertThat(probes(easy)).isGreaterThan(2);
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
