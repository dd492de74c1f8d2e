package org.ptpmesh.conformance.mbt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ptpmesh.conformance.trace.MutantLoader;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.testkit.RecordingEffects;

/** Mutants of the core's {@code Punching} for the connect model-based tests, with the adapter that drives them. */
final class PunchingMutants {

    private PunchingMutants() {
    }

    /**
     * The real impl/core Punching.java with {@code from} (found exactly once) replaced by
     * {@code to}, compiled into {@code work}; the class loader also serves {@link ConnectAdapter}.
     *
     * @param spec spec/ of the source tree
     */
    static ClassLoader mutate(Path spec, String from, String to, Path work) throws IOException {
        return MutantLoader.mutate(
                spec.toAbsolutePath().getParent().resolve("impl/core/src/main/java/org/ptpmesh/peer/Punching.java"),
                from, to, 1, work, List.of(ConnectAdapter.class, Peer.class, RecordingEffects.class));
    }
}
