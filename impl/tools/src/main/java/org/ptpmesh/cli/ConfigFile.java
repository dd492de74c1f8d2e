package org.ptpmesh.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * {@code --config FILE}: a properties file whose keys are long option names without the dashes.
 * Its values become the options' defaults, so the command line still wins over the file.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    /** Finds --config in {@code args} before parsing and installs the file as the defaults. */
    static void apply(CommandLine cl, String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            }
        }
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
        Set<String> known = new TreeSet<>();
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            known.add(o.longestName().replaceFirst("^-+", ""));
        }
        for (String key : p.stringPropertyNames()) {
            // a misspelt key would otherwise be ignored without a word, and its setting silently lost
            if (!known.contains(key)) {
                throw new IllegalArgumentException("config file " + file + ": unknown option '" + key
                        + "'; keys are long option names without the dashes, one of " + known);
            }
        }
        cl.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(p));
    }
}
