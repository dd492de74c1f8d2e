package org.ptpmesh.conformance.tla;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the spec/ directory: from the working directory upwards (a checkout), then from the
 * jar's own location (bin/ptpconform runs conformance/target/ptpconform.jar).
 */
public final class SpecLocator {

    private SpecLocator() {
    }

    public static Optional<Path> find() {
        Optional<Path> fromCwd = searchUp(Path.of("").toAbsolutePath());
        if (fromCwd.isPresent()) {
            return fromCwd;
        }
        try {
            Path jar = Path.of(SpecLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return searchUp(jar);
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    static Optional<Path> searchUp(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path spec = dir.resolve("spec");
            if (Files.isRegularFile(spec.resolve(Manifest.FILE_NAME))) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }
}
