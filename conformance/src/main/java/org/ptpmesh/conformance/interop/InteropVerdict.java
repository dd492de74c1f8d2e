package org.ptpmesh.conformance.interop;

/** What one case gave for one pair of implementations. */
public enum InteropVerdict {
    PASS("pass"),
    FAIL("fail"),
    /** An adapter exited 127: the implementation does not support the case. Not a failure. */
    UNSUPPORTED("unsupported"),
    /** The case needs the NAT lab (real NATs or loss) and the run was on loopback. Not a failure. */
    NEEDS_LAB("needs lab"),
    /** The case needs two addresses on one host and ran on IPv6 loopback, which has only ::1. Not a failure. */
    NEEDS_TWO_ADDRESSES("needs two addresses");

    private final String label;

    InteropVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
