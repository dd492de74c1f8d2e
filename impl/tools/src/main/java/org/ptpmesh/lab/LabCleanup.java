package org.ptpmesh.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes lab namespaces a run left behind. A namespace name carries the pid of the JVM that made
 * it ({@code ptpl-PID-N-box}); those of JVMs that no longer run are deleted before each new lab,
 * so a killed test run never accumulates. Deleting a namespace deletes its links.
 */
public final class LabCleanup {

    private LabCleanup() {
    }

    /** Deletes the namespaces of lab runs whose JVM has exited; returns their names. */
    public static List<String> removeStale() {
        return remove(false);
    }

    /** Deletes every lab namespace, of running JVMs too (for {@code ptpmesh lab down --all}); returns their names. */
    public static List<String> removeAll() {
        return remove(true);
    }

    private static List<String> remove(boolean all) {
        List<String> removed = new ArrayList<>();
        for (String line : Commands.run("ip", "netns", "list").split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (!name.startsWith(Lab.PREFIX)) {
                continue;
            }
            Optional<Long> pid = ownerPid(name);
            if (all || pid.isEmpty() || ProcessHandle.of(pid.get()).isEmpty()) {
                Commands.run("ip", "netns", "delete", name);
                removed.add(name);
            }
        }
        return removed;
    }

    private static Optional<Long> ownerPid(String name) {
        String[] parts = name.substring(Lab.PREFIX.length()).split("-");
        try {
            return Optional.of(Long.parseLong(parts[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
