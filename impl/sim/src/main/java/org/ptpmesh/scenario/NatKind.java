package org.ptpmesh.scenario;

import java.util.Locale;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.sim.nat.NatModel;

/**
 * The NATs a scenario can put a peer behind, with the simulator model each stands for and the
 * NAT type a correct classification must find.
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
    LINUX_HARD(NatModel.linuxMasqueradeFullyRandom(), NatType.HARD);

    private final NatModel model;
    private final NatType expected;

    NatKind(NatModel model, NatType expected) {
        this.model = model;
        this.expected = expected;
    }

    /** The simulator's model; null for {@link #NONE}. */
    public NatModel model() {
        return model;
    }

    /** What NAT classification must report behind this kind. */
    public NatType expectedType() {
        return expected;
    }

    public static NatKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown NAT kind '" + text + "'; one of: "
                    + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
