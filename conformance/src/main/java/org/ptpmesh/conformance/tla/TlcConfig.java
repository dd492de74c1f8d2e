package org.ptpmesh.conformance.tla;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The INVARIANT and PROPERTY names of a TLC .cfg file (the rest TLC reads itself). */
public final class TlcConfig {

    private final List<String> invariants = new ArrayList<>();
    private final List<String> properties = new ArrayList<>();

    private TlcConfig() {
    }

    public static TlcConfig read(Path cfg) throws IOException {
        return parse(Files.readString(cfg));
    }

    public static TlcConfig parse(String text) {
        TlcConfig config = new TlcConfig();
        List<String> section = null;
        for (String raw : text.lines().toList()) {
            String line = stripComment(raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            String keyword = words[0];
            int first = 1;
            if (keyword.startsWith("INVARIANT")) {
                section = config.invariants;
            } else if (keyword.startsWith("PROPERT")) {
                section = config.properties;
            } else if (keyword.equals(keyword.toUpperCase(java.util.Locale.ROOT)) && keyword.matches("[A-Z_]+")
                    && !raw.startsWith(" ") && !raw.startsWith("\t")) {
                section = null; // another section: SPECIFICATION, CONSTANTS, ...
            } else {
                first = 0;
            }
            if (section != null) {
                for (int i = first; i < words.length; i++) {
                    section.add(words[i]);
                }
            }
        }
        return config;
    }

    private static String stripComment(String line) {
        int at = line.indexOf("\\*");
        return at < 0 ? line : line.substring(0, at);
    }

    public List<String> invariants() {
        return List.copyOf(invariants);
    }

    public List<String> properties() {
        return List.copyOf(properties);
    }

    /** The property a liveness violation must be about, when the config lists exactly one. */
    public Optional<String> soleProperty() {
        return properties.size() == 1 ? Optional.of(properties.get(0)) : Optional.empty();
    }
}
