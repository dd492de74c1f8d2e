package org.ptpmesh.conformance.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Expands the files and directories given on a command line into capture files, in a stable order. */
public final class CaptureFiles {

    private CaptureFiles() {
    }

    /** Whether a file name looks like a capture (.pcap, .pcapng, .cap). */
    public static boolean isCapture(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap");
    }

    /**
     * A file stands for itself; a directory for every capture under it, recursively, sorted by path.
     *
     * @throws IllegalArgumentException for a path that does not exist or a directory without captures
     */
    public static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> found = under(p);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("no .pcap, .pcapng or .cap file under directory " + p);
                }
                out.addAll(found);
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("capture file " + p + " does not exist");
            }
        }
        return out;
    }

    /** Every capture under a directory, recursively, sorted by path. */
    public static List<Path> under(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(CaptureFiles::isCapture).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
