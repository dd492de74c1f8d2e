package org.ptpmesh.conformance.mbt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.ptpmesh.conformance.tla.ModelEntry;
import org.ptpmesh.conformance.tla.ModelKind;
import org.ptpmesh.conformance.tla.SpecWorkspace;
import org.ptpmesh.conformance.tla.TlcRun;
import org.ptpmesh.conformance.tla.TlcRunner;
import org.ptpmesh.conformance.tla.TlcVerdict;

/** Runs TLC on a model of spec/mbt/ with {@code -dump dot,actionlabels} and reads the graph. */
public final class StateGraphDump {

    private StateGraphDump() {
    }

    /**
     * @param specDir spec/
     * @param cfg     a config of spec/mbt/ (its module is named by {@code module})
     * @param module  the module the config checks (spec/ or spec/mbt/)
     * @param work    a directory for the run
     */
    public static StateGraph explore(Path specDir, String module, String cfg, Path work) throws IOException {
        Path dir = SpecWorkspace.prepare(specDir, List.of("mbt"), work);
        Files.copy(specDir.resolve("mbt").resolve(cfg), dir.resolve(cfg), StandardCopyOption.REPLACE_EXISTING);
        String name = cfg.replace(".cfg", "");
        ModelEntry entry = new ModelEntry(name, module, module + ".tla", cfg, ModelKind.CHECK, false, TlcVerdict.PASS,
                null, null, null, "state graph for model-based tests", List.of(), null);
        // TLC appends .dot to the name it is given
        Path dot = dir.resolve(name + ".dot");
        TlcRunner runner = new TlcRunner(dir, dir, 1, 600);
        TlcRun run = runner.run(entry, List.of("-dump", "dot,actionlabels", dir.resolve(name).toString()));
        if (run.verdict() != TlcVerdict.PASS) {
            throw new IllegalStateException("TLC did not explore " + cfg + " completely: " + run.verdict().label()
                    + (run.message() == null ? "" : " (" + run.message() + ")") + "; see " + runner.outputFile(entry));
        }
        StateGraph graph = DotGraphReader.read(dot);
        if (run.distinctStates() != null && run.distinctStates() != graph.stateCount()) {
            throw new IllegalStateException("TLC found " + run.distinctStates() + " states but the dump holds "
                    + graph.stateCount());
        }
        return graph;
    }
}
