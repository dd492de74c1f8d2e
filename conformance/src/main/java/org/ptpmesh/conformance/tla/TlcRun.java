package org.ptpmesh.conformance.tla;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What one TLC run found.
 *
 * @param model          the manifest name of the model
 * @param verdict        how the run ended
 * @param violated       the invariant or property TLC reported violated, if any
 * @param distinctStates "distinct states found", null if TLC did not say
 * @param depth          depth of the state graph search, null if TLC did not say
 * @param seconds        wall time of the forked JVM
 * @param exitCode       TLC's exit code
 * @param message        TLC's first error line when the verdict is an error, else null
 * @param coverage       how often each action fired (TLC's {@code -coverage} report), by name;
 *                       empty when the run did not ask for it or TLC printed none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TlcRun(String model, TlcVerdict verdict, String violated, Long distinctStates,
                     Integer depth, double seconds, int exitCode, String message,
                     Map<String, Long> coverage) {

    public TlcRun {
        coverage = coverage == null ? Map.of() : Map.copyOf(coverage);
    }
}
