package org.ptpmesh.conformance.tla;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory where TLC runs a module that is not one of spec/'s own (a generated trace
 * module, a state-graph config): the specification modules and those of the given
 * subdirectories of spec/ are copied in, so EXTENDS finds them.
 */
public final class SpecWorkspace {

    private SpecWorkspace() {
    }

    /** Creates {@code dir} and copies the .tla files of {@code specDir} and of {@code subdirs} into it. */
    public static Path prepare(Path specDir, List<String> subdirs, Path dir) throws IOException {
        Files.createDirectories(dir);
        copyModules(specDir, dir);
        for (String sub : subdirs) {
            copyModules(specDir.resolve(sub), dir);
        }
        return dir;
    }

    private static void copyModules(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            List<Path> modules = files.filter(p -> p.getFileName().toString().endsWith(".tla")).toList();
            for (Path m : modules) {
                Files.copy(m, to.resolve(m.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
