package org.ptpmesh.conformance.trace;

import java.nio.file.Path;
import java.util.List;
import org.ptpmesh.conformance.tla.SpecLocator;

/** What the replay tests share: where spec/ is, and a replay of every node or pair of a trace. */
final class TraceReplays {

    private TraceReplays() {
    }

    static Path specDir() {
        return SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    /** Replays every node (or pair) of {@code log} through the mappings, two TLC runs side by side, in {@code work/run}. */
    static List<TraceVerdict> replay(Path work, TraceLog log, String run, TraceMapping... mappings) {
        return new TraceValidator(specDir(), work.resolve(run), 120).validateAll(log, List.of(mappings), node -> true, 2,
                v -> { });
    }
}
