package org.ptpmesh.conformance.dissector;

import java.nio.file.Path;
import org.ptpmesh.conformance.tla.SpecLocator;

/** Where the Wireshark dissector lives in the checkout. */
final class LuaDissector {

    private LuaDissector() {
    }

    static Path repo() {
        return SpecLocator.find().orElseThrow(() -> new IllegalStateException("run the tests inside a ptpmesh checkout")).getParent();
    }

    static Path script() {
        return repo().resolve("conformance/src/main/lua/ptpmesh.lua");
    }
}
