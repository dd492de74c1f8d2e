package org.ptpmesh.cli;

/** One line of transfer progress for a terminal: a bar, bytes done of total, rate and time left. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private ProgressBar() {
    }

    /** The line for {@code done} of {@code total} bytes after {@code elapsedMillis}. */
    static String render(String name, long done, long total, long elapsedMillis) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = elapsedMillis <= 0 ? 0 : done * 1000.0 / elapsedMillis;
        String eta = rate <= 0 ? "--:--" : duration(Math.round((total - done) / rate));
        return String.format(java.util.Locale.ROOT, "%s [%s%s] %3d%% %s / %s %s/s ETA %s", name, "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(fraction * 100), bytes(done), bytes(total), bytes(Math.round(rate)), eta);
    }

    /** Bytes in binary units, one decimal: 1.5 MiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(java.util.Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
