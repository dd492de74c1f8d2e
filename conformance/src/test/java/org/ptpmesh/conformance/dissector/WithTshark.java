package org.ptpmesh.conformance.dissector;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class that runs tshark: skipped, with the reason, where it is missing; {@link #home} is tshark's throwaway profile. */
abstract class WithTshark {

    @TempDir
    static Path home;

    @BeforeAll
    static void needsTshark() throws Exception {
        Tshark.assumeInstalled();
    }
}
