package org.ptpmesh.conformance.tla;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One model of spec/manifest.json: which module and config TLC runs, and what it must find.
 *
 * @param name           the name users pass to {@code ptpconform tlc}
 * @param spec           the specification module the model checks (Keepalive, ...)
 * @param module         the MC module file TLC parses
 * @param cfg            the config file
 * @param kind           check, reachability or mutant
 * @param large          true for the longer runs of {@code --large}, never run in CI
 * @param expect         the verdict TLC must reach
 * @param violates       for a violation: the invariant or property TLC must name
 * @param distinctStates for a complete search: the exact number of distinct states, else null
 * @param depth          for a complete search: the exact depth of the state graph, else null
 * @param description    one line on what the model shows
 * @param covers         actions the model exists to exercise: each must fire at least once in
 *                       TLC's coverage report, or the model checks its properties vacuously
 * @param simulate       for a simulate model: seed, trace counts and depth, else null
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelEntry(String name, String spec, String module, String cfg, ModelKind kind,
                         boolean large, TlcVerdict expect, String violates, Long distinctStates,
                         Integer depth, String description, List<String> covers, Simulation simulate) {

    public ModelEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module of " + name);
        Objects.requireNonNull(cfg, "cfg of " + name);
        Objects.requireNonNull(kind, "kind of " + name);
        Objects.requireNonNull(expect, "expect of " + name);
        covers = covers == null ? List.of() : List.copyOf(covers);
        boolean passes = kind == ModelKind.CHECK || kind == ModelKind.SIMULATE;
        if (!passes && expect == TlcVerdict.PASS) {
            throw new IllegalArgumentException(name + ": a " + kind.label()
                    + " model must expect a violation, or it proves nothing");
        }
        if ((kind == ModelKind.SIMULATE) != (simulate != null)) {
            throw new IllegalArgumentException(name + ": \"simulate\" (seed, traces, depth) is "
                    + (simulate == null ? "required for" : "only for") + " a simulate model");
        }
        if (kind == ModelKind.SIMULATE && (expect != TlcVerdict.PASS || distinctStates != null || depth != null)) {
            throw new IllegalArgumentException(name + ": a simulate model expects pass and records no state "
                    + "count or depth (a random search has none to compare)");
        }
    }

    /** This model with {@code traces} traces in place of the manifest's (a longer or shorter run). */
    public ModelEntry withTraces(int traces) {
        if (simulate == null) {
            return this;
        }
        Simulation s = new Simulation(simulate.seed(), traces, simulate.depth());
        return new ModelEntry(name, spec, module, cfg, kind, large, expect, violates, distinctStates, depth,
                description, covers, s);
    }
}
