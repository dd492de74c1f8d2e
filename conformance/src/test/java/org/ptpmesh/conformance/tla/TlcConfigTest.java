package org.ptpmesh.conformance.tla;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TlcConfigTest {

    @Test
    void readsSectionsAndSkipsCommentsAndConstants() {
        TlcConfig cfg = TlcConfig.parse("""
                \\* a comment naming INVARIANT Fake
                SPECIFICATION Spec
                CONSTANTS
                    N = 3
                    Beyond <- MutantBeyond
                INVARIANTS
                    TypeOK
                    StateMatchesSilence \\* trailing comment
                PROPERTIES
                    SilentPeerForgotten
                """);
        assertThat(cfg.invariants()).containsExactly("TypeOK", "StateMatchesSilence");
        assertThat(cfg.properties()).containsExactly("SilentPeerForgotten");
        assertThat(cfg.soleProperty()).contains("SilentPeerForgotten");
    }

    @Test
    void singleLineFormsAndSeveralProperties() {
        TlcConfig cfg = TlcConfig.parse("INVARIANT TypeOK\nPROPERTY A\nPROPERTY B\n");
        assertThat(cfg.invariants()).containsExactly("TypeOK");
        assertThat(cfg.soleProperty()).isEmpty();
    }
}
