package org.ptpmesh.conformance.tla;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How a TLC run ended, as the manifest and the runner's output name it. */
public enum TlcVerdict {
    PASS("pass"),
    SAFETY_VIOLATION("safety-violation"),
    LIVENESS_VIOLATION("liveness-violation"),
    DEADLOCK("deadlock"),
    /** TLC could not check the model: parse error, bad config, crash or time-out. */
    ERROR("error");

    private final String label;

    TlcVerdict(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static TlcVerdict fromLabel(String label) {
        return Arrays.stream(values())
                .filter(v -> v.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown verdict '" + label
                        + "', expected one of pass, safety-violation, liveness-violation, deadlock, error"));
    }

    /** TLC's documented exit codes: 0 ok, 11 deadlock, 12 safety, 13 liveness; anything else failed. */
    public static TlcVerdict fromExitCode(int exitCode) {
        return switch (exitCode) {
            case 0 -> PASS;
            case 11 -> DEADLOCK;
            case 12 -> SAFETY_VIOLATION;
            case 13 -> LIVENESS_VIOLATION;
            default -> ERROR;
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
