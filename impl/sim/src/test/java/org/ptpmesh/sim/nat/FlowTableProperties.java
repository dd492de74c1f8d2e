package org.ptpmesh.sim.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ptpmesh.wire.Endpoint;

/**
 * The NAT table as a state machine: random sequences of outbound and inbound datagrams over a
 * few inside hosts and remotes, with time moving on so that mappings expire, and the RFC 4787
 * invariants of each model checked after every step.
 */
class FlowTableProperties {

    private static final InetAddress PUBLIC = Endpoint.of("203.0.113.1", 0).address();
    private static final List<Endpoint> INSIDE = List.of(
            Endpoint.of("10.0.1.2", 4000), Endpoint.of("10.0.1.2", 4001),
            Endpoint.of("10.0.1.3", 4000), Endpoint.of("10.0.1.3", 5000));
    private static final List<Endpoint> REMOTES = List.of(
            Endpoint.of("198.51.100.1", 3456), Endpoint.of("198.51.100.1", 3457),
            Endpoint.of("198.51.100.2", 3456), Endpoint.of("192.0.2.9", 4000));

    /** {@code inbound} picks a public port among those handed out so far (by index), else a fresh one. */
    record Step(boolean inbound, int inside, int remote, int portChoice, long elapse) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, INSIDE.size() - 1),
                Arbitraries.integers().between(0, REMOTES.size() - 1),
                Arbitraries.integers().between(0, 8),
                Arbitraries.longs().between(0, 12_000)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<NatModel> models() {
        return Arbitraries.of(NatModel.fullCone(), NatModel.addressRestrictedCone(), NatModel.easy(), NatModel.hard())
                .flatMap(m -> Arbitraries.of(m, m.withLinuxConntrack(true)));
    }

    @Property(tries = 300)
    void invariantsHoldAfterEveryStep(@ForAll("models") NatModel model, @ForAll("steps") List<Step> steps,
                                      @ForAll long seed) {
        FlowTable table = new FlowTable(model, PUBLIC, new SplittableRandom(seed));
        List<Integer> handedOut = new ArrayList<>();
        long now = 0;
        for (Step step : steps) {
            now += step.elapse();
            Endpoint remote = REMOTES.get(step.remote());
            List<NatFlow> before = table.flows(now);
            List<UnsolicitedEntry> unsolicitedBefore = table.unsolicitedEntries(now);
            if (step.inbound()) {
                int port = step.portChoice() < handedOut.size() ? handedOut.get(step.portChoice()) : 20_000 + step.portChoice();
                Endpoint inside = table.inbound(new Endpoint(PUBLIC, port), remote, now);
                boolean captured = unsolicitedBefore.stream()
                        .anyMatch(e -> e.publicEndpoint().port() == port && e.remote().equals(remote));
                assertAdmittedOnlyAsTheModelAllows(model, before, port, remote, inside, captured);
            } else {
                Endpoint inside = INSIDE.get(step.inside());
                Endpoint mapped = table.outbound(inside, remote, now);
                assertThat(mapped.address()).isEqualTo(PUBLIC);
                assertThat(table.outbound(inside, remote, now)).as("a live mapping is stable").isEqualTo(mapped);
                assertKeptIfAlive(before, inside, remote, mapped);
                handedOut.add(mapped.port());
            }
            assertPortsAreNotShared(model, table.flows(now));
        }
    }

    /**
     * {@code captured}: an earlier unsolicited packet left a conntrack entry for this very tuple;
     * Linux matches existing entries before any NAT rule, so that entry keeps the packet out.
     */
    private static void assertAdmittedOnlyAsTheModelAllows(NatModel model, List<NatFlow> before, int port,
                                                           Endpoint remote, Endpoint admittedTo, boolean captured) {
        List<NatFlow> onPort = before.stream().filter(f -> f.publicEndpoint().port() == port).toList();
        boolean exact = onPort.stream().anyMatch(f -> f.remote().equals(remote));
        boolean sameAddress = onPort.stream().anyMatch(f -> f.remote().address().equals(remote.address()));
        boolean expected = switch (model.filtering()) {
            case ENDPOINT_INDEPENDENT -> !onPort.isEmpty();
            case ADDRESS_DEPENDENT -> sameAddress;
            case ADDRESS_AND_PORT_DEPENDENT -> exact;
        } && !captured;
        assertThat(admittedTo != null).as("admitted on port %d from %s", port, remote).isEqualTo(expected);
        if (admittedTo != null) {
            assertThat(onPort).extracting(NatFlow::inside).contains(admittedTo);
        }
    }

    private static void assertKeptIfAlive(List<NatFlow> before, Endpoint inside, Endpoint remote, Endpoint mapped) {
        before.stream()
                .filter(f -> f.inside().equals(inside) && f.remote().equals(remote))
                .forEach(f -> assertThat(mapped).isEqualTo(f.publicEndpoint()));
    }

    private static void assertPortsAreNotShared(NatModel model, List<NatFlow> live) {
        Map<Integer, List<NatFlow>> byPort = live.stream().collect(Collectors.groupingBy(f -> f.publicEndpoint().port()));
        for (List<NatFlow> sharing : byPort.values()) {
            assertThat(sharing.stream().map(NatFlow::inside).distinct()).as("one owner per public port").hasSize(1);
            if (model.mapping() == NatModel.Mapping.ENDPOINT_DEPENDENT) {
                assertThat(sharing).as("a port per destination").hasSize(1);
            }
        }
        if (model.mapping() == NatModel.Mapping.ENDPOINT_INDEPENDENT && !model.linuxConntrack()) {
            Map<Endpoint, List<Integer>> portsByInside = live.stream().collect(Collectors.groupingBy(NatFlow::inside,
                    Collectors.mapping(f -> f.publicEndpoint().port(), Collectors.toList())));
            portsByInside.values().forEach(ports -> assertThat(ports.stream().distinct()).as("one port per inside endpoint").hasSize(1));
        }
    }
}
