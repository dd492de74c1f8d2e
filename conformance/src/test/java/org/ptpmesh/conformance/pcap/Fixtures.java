package org.ptpmesh.conformance.pcap;

import java.nio.file.Path;
import org.ptpmesh.conformance.tla.SpecLocator;

/** Where the committed captures live: pcap-fixtures/ at the top of the checkout. */
final class Fixtures {

    private Fixtures() {
    }

    static Path root() {
        return SpecLocator.find().orElseThrow(() -> new IllegalStateException("run the tests inside a ptpmesh checkout"))
                .getParent().resolve("pcap-fixtures");
    }

    static Path valid() {
        return root().resolve("valid");
    }

    static Path negative() {
        return root().resolve("negative");
    }
}
