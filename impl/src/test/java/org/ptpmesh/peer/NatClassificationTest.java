package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;

/** Seed 001's NAT check finds the type each simulated NAT really has. */
class NatClassificationTest {

    @ParameterizedTest
    @EnumSource(NatKind.class)
    void classifiesEveryNatKind(NatKind kind) {
        Mesh mesh = new Mesh(7);
        MeshPeer p = mesh.addPeer("p", kind);
        mesh.runFor(3_000);
        assertThat(p.peer().nat()).as(kind.label()).isEqualTo(kind.expectedType());
        assertThat(p.peer().publicAddress()).isNotNull();
        assertThat(p.peer().publicAddress().address()).isEqualTo(kind == NatKind.NONE ? p.host().address()
                : p.nat().publicAddressOf(p.host()));
    }
}
