package org.ptpmesh.sim.portmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ptpmesh.portmap.MappingReply;
import org.ptpmesh.portmap.NatPmpMessages;
import org.ptpmesh.portmap.PcpMessages;
import org.ptpmesh.sim.nat.FlowTable;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.sim.nat.NatModel.PortMapService;
import org.ptpmesh.sim.nat.PortForward;
import org.ptpmesh.wire.Endpoint;

/**
 * The gateway as a state machine: random sequences of PCP and NAT-PMP grants, renewals and
 * deletions from a few LAN hosts, with other traffic through the NAT and time moving on, checked
 * against a model of what must be forwarded after every step.
 */
class MappingGatewayProperties {

    private static final List<Endpoint> INSIDE = List.of(
            Endpoint.of("10.0.1.2", 3456), Endpoint.of("10.0.1.2", 3457),
            Endpoint.of("10.0.1.3", 3456), Endpoint.of("10.0.1.4", 5000));
    private static final List<Endpoint> REMOTES = List.of(Endpoint.of("198.51.100.1", 3456), Endpoint.of("192.0.2.9", 4000));
    private static final long[] LIFETIMES = {0, 0, 5, 60, 7_200, 0xffff_ffffL};

    enum Kind { PCP, NAT_PMP, TRAFFIC }

    /** {@code suggested}: 0 (none), the inside port, or a port another host may hold. */
    record Step(Kind kind, int inside, int suggestedChoice, int lifetime, int remote, long elapse) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, INSIDE.size() - 1),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, LIFETIMES.length - 1),
                Arbitraries.integers().between(0, REMOTES.size() - 1), Arbitraries.longs().between(0, 40_000))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(50);
    }

    @Provide
    Arbitrary<NatModel> models() {
        return Arbitraries.of(NatModel.linuxMasquerade(), NatModel.linuxMasqueradeFullyRandom(), NatModel.fullCone());
    }

    @Property(tries = 300)
    void forwardsAreExactlyTheGrantedOnesAndKeepTheirPort(@ForAll("models") NatModel model, @ForAll("steps") List<Step> steps,
            @ForAll long seed) {
        FlowTable table = new FlowTable(model, MappingGatewayTest.PUBLIC, new SplittableRandom(seed));
        MappingGateway gateway = new MappingGateway(table, MappingGatewayTest.PUBLIC, PortMapService.GRANTS, 0);
        Map<Endpoint, Long> expiry = new HashMap<>();
        Map<Endpoint, Integer> ports = new HashMap<>();
        long now = 0;
        for (Step step : steps) {
            now += step.elapse();
            long at = now;
            expiry.entrySet().removeIf(e -> e.getValue() <= at);
            ports.keySet().retainAll(expiry.keySet());
            Endpoint inside = INSIDE.get(step.inside());
            if (step.kind() == Kind.TRAFFIC) {
                Endpoint leftAs = table.outbound(inside, REMOTES.get(step.remote()), now);
                ports.forEach((holder, port) -> {
                    if (!holder.equals(inside)) {
                        assertThat(leftAs.port()).as("%s's traffic on %s's forwarded port", inside, holder).isNotEqualTo(port);
                    }
                });
                continue;
            }
            long lifetime = LIFETIMES[step.lifetime()];
            int suggested = new int[] {0, inside.port(), 3456}[step.suggestedChoice()];
            MappingReply reply = step.kind() == Kind.PCP
                    ? PcpMessages.decode(gateway.answer(MappingGatewayTest.pcp(inside, suggested, lifetime), inside, now),
                            MappingGatewayTest.NONCE)
                    : NatPmpMessages.decode(gateway.answer(NatPmpMessages.mapRequest(inside.port(), suggested, lifetime), inside, now));
            if (lifetime == 0) {
                expiry.remove(inside);
                ports.remove(inside);
                continue;
            }
            assertThat(reply).as("step %s", step).isInstanceOf(MappingReply.Granted.class);
            MappingReply.Granted g = (MappingReply.Granted) reply;
            Integer held = ports.get(inside);
            if (held != null) {
                assertThat(g.externalPort()).as("a renewal keeps the port").isEqualTo(held);
            }
            long granted = Math.min(lifetime, MappingGateway.MAX_LIFETIME_SECONDS);
            assertThat(g.lifetimeSeconds()).isEqualTo(granted);
            expiry.put(inside, now + granted * 1000);
            ports.put(inside, g.externalPort());
            checkForwards(table, expiry, ports, now);
        }
        checkForwards(table, expiry, ports, now);
    }

    private static void checkForwards(FlowTable table, Map<Endpoint, Long> expiry, Map<Endpoint, Integer> ports, long now) {
        List<PortForward> live = table.forwards(now);
        Set<Integer> distinct = new HashSet<>();
        for (PortForward f : live) {
            assertThat(distinct.add(f.externalPort())).as("port %d forwarded twice", f.externalPort()).isTrue();
            assertThat(f.expiresAt()).isEqualTo(expiry.get(f.inside()));
            assertThat(f.externalPort()).isEqualTo(ports.get(f.inside()));
        }
        assertThat(live).hasSize(expiry.size());
    }
}
