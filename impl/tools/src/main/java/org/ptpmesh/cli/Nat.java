package org.ptpmesh.cli;

/** NAT codes (docs/protocol.md section 4) as people read them. */
public final class Nat {

    private Nat() {
    }

    public static String name(int code) {
        return switch (code) {
            case 1 -> "easy";
            case 2 -> "hard";
            case 3 -> "static";
            case 0 -> "unknown";
            default -> "-";
        };
    }
}
