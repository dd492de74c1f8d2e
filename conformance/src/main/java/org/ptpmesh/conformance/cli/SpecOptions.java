package org.ptpmesh.conformance.cli;

import java.nio.file.Path;
import org.ptpmesh.conformance.tla.SpecLocator;
import picocli.CommandLine.Option;

/** Where spec/ is and where TLC's work goes: options shared by the commands that run TLC. */
final class SpecOptions {

    @Option(names = "--spec-dir", paramLabel = "DIR",
            description = "The spec/ directory (default: found from the working directory or the jar).")
    Path specDir;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where TLC's files and outputs go (default: target/<command> next to spec/).")
    Path workDir;

    /** The spec/ directory given, or the one found; a clear error when there is none. */
    Path specDir() {
        return specDir != null ? specDir : SpecLocator.find().orElseThrow(() ->
                new IllegalArgumentException("cannot find spec/manifest.json; pass --spec-dir"));
    }

    /** The work directory given, or target/{@code name} beside spec/. */
    Path workDir(String name) {
        return workDir != null ? workDir : specDir().toAbsolutePath().getParent().resolve("target").resolve(name);
    }
}
