package org.ptpmesh.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.sim.nat.NatModel.PortMapService;

/**
 * The NATs a scenario can put a peer behind, with the simulator model each stands for, whether
 * the peers behind it ask the router for a port mapping, and the NAT type a correct
 * classification must find.
 */
public enum NatKind {
    /** A public host: no NAT at all. */
    NONE(null, NatType.STATIC),
    ONE_TO_ONE(NatModel.oneToOne(), NatType.STATIC),
    FULL_CONE(NatModel.fullCone(), NatType.EASY),
    ADDRESS_RESTRICTED(NatModel.addressRestrictedCone(), NatType.EASY),
    EASY(NatModel.easy(), NatType.EASY),
    HARD(NatModel.hard(), NatType.HARD),
    /** Linux masquerade: Easy with conntrack (docs/simulator.md, "Conntrack"). */
    LINUX_EASY(NatModel.linuxMasquerade(), NatType.EASY),
    /** Linux masquerade random,fully-random: Hard with conntrack. */
    LINUX_HARD(NatModel.linuxMasqueradeFullyRandom(), NatType.HARD),
    /** LINUX_EASY whose router grants port mappings, as the lab's easy+map: a mapped peer is Static. */
    EASY_MAP(NatModel.linuxMasquerade().withPortMapService(PortMapService.GRANTS), true, NatType.STATIC),
    /** LINUX_HARD whose router grants port mappings, as the lab's hard+map: no birthday probes needed. */
    HARD_MAP(NatModel.linuxMasqueradeFullyRandom().withPortMapService(PortMapService.GRANTS), true, NatType.STATIC),
    /** LINUX_HARD whose router refuses every mapping request: the peer asks, is refused and stays Hard. */
    HARD_MAP_REFUSED(NatModel.linuxMasqueradeFullyRandom().withPortMapService(PortMapService.REFUSES), true, NatType.HARD),
    /** LINUX_HARD whose router answers no mapping request: the peer asks six times, then stays Hard. */
    HARD_MAP_SILENT(NatModel.linuxMasqueradeFullyRandom(), true, NatType.HARD);

    private final NatModel model;
    private final boolean asksForMapping;
    private final NatType expected;

    NatKind(NatModel model, NatType expected) {
        this(model, false, expected);
    }

    NatKind(NatModel model, boolean asksForMapping, NatType expected) {
        this.model = model;
        this.asksForMapping = asksForMapping;
        this.expected = expected;
    }

    /** The simulator's model; null for {@link #NONE}. */
    public NatModel model() {
        return model;
    }

    /** Whether peers behind this NAT are configured to ask their router for a port mapping. */
    public boolean asksForMapping() {
        return asksForMapping;
    }

    /** What NAT classification must report behind this kind (Static for a peer whose mapping is granted). */
    public NatType expectedType() {
        return expected;
    }

    /**
     * The kinds of the default mesh: all but the routers that refuse or ignore mapping requests,
     * whose rows would repeat linux-hard's.
     */
    public static List<NatKind> meshKinds() {
        return Arrays.stream(values()).filter(k -> k != HARD_MAP_REFUSED && k != HARD_MAP_SILENT).toList();
    }

    /** The kinds whose peers ask for no port mapping: the swarm's mix, as it was measured (docs/performance.md). */
    public static List<NatKind> withoutMapping() {
        return Arrays.stream(values()).filter(k -> !k.asksForMapping).toList();
    }

    /** A label ({@code hard+map}, {@code linux-easy}) or, as before labels had a '+', the constant's name. */
    public static NatKind parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> k.label().equals(wanted) || k.name().toLowerCase(Locale.ROOT).equals(wanted.replace('-', '_')))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown NAT kind '" + text + "'; one of: "
                        + String.join(", ", Arrays.stream(values()).map(NatKind::label).toList())));
    }

    /** none, one-to-one, ..., hard+map, hard+map-refused. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace("_map", "+map").replace('_', '-');
    }
}
