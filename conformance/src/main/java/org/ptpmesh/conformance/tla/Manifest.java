package org.ptpmesh.conformance.tla;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** spec/manifest.json: every TLC model with its expected verdict, state count and depth. */
public record Manifest(String tlc, List<ModelEntry> models) {

    public static final String FILE_NAME = "manifest.json";

    public Manifest {
        models = List.copyOf(models);
        Set<String> names = new HashSet<>();
        for (ModelEntry m : models) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("model " + m.name() + " is listed twice in the manifest");
            }
        }
    }

    public static Manifest load(Path specDir) throws IOException {
        ObjectMapper json = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return json.readValue(Files.readString(specDir.resolve(FILE_NAME)), Manifest.class);
    }

    /** The models CI runs (large ones excluded) or, with {@code large}, only the large ones. */
    public List<ModelEntry> suite(boolean large) {
        return models.stream().filter(m -> m.large() == large).toList();
    }

    /** The long simulations ({@code ptpconform tlc --simulate}): the large simulate models. */
    public List<ModelEntry> simulations() {
        return models.stream().filter(m -> m.large() && m.kind() == ModelKind.SIMULATE).toList();
    }

    /**
     * Models by name; a specification name (Keepalive) selects all of its models of the suite.
     *
     * @throws IllegalArgumentException naming what is known, when nothing matches
     */
    public List<ModelEntry> select(String nameOrSpec, boolean large) {
        List<ModelEntry> exact = models.stream().filter(m -> m.name().equals(nameOrSpec)).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        List<ModelEntry> bySpec = suite(large).stream().filter(m -> nameOrSpec.equals(m.spec())).toList();
        if (bySpec.isEmpty()) {
            throw new IllegalArgumentException("no model or specification named '" + nameOrSpec
                    + "'; run 'ptpconform tlc --list' to see them");
        }
        return bySpec;
    }
}
