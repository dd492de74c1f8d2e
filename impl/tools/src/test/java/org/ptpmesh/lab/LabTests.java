package org.ptpmesh.lab;

import org.junit.jupiter.api.Assumptions;

/** What every lab test does first: skip, saying why, where namespaces and NATs cannot be made. */
final class LabTests {

    private LabTests() {
    }

    static void assumeLab() {
        LabSupport.unavailableReason().ifPresent(reason -> System.err.println("lab test skipped: " + reason));
        Assumptions.assumeTrue(LabSupport.unavailableReason().isEmpty(),
                () -> "lab test skipped: " + LabSupport.unavailableReason().orElse(""));
    }
}
