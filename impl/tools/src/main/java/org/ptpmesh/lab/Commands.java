package org.ptpmesh.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system tools the lab drives ({@code ip}, {@code nft}, {@code sysctl}) and turns a
 * failure into a {@link LabException} that quotes the command and its error output.
 */
final class Commands {

    private static final long TIMEOUT_SECONDS = 20;

    private Commands() {
    }

    /** Runs {@code command}, feeding {@code stdin} (may be empty); returns its standard output. */
    static String run(List<String> command, String stdin) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new LabException("cannot run '" + command.get(0) + "' (" + e.getMessage()
                    + "); the lab needs iproute2 and nftables (Debian: apt-get install iproute2 nftables)", e);
        }
        // both pipes are drained at once, so a chatty tool never blocks on a full one
        CompletableFuture<String> err = drain(p.getErrorStream());
        CompletableFuture<String> out = drain(p.getInputStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the tool exited before reading its input: its exit status and stderr say why
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LabException("'" + String.join(" ", command) + "' did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new LabException("'" + String.join(" ", command) + "' failed (exit " + p.exitValue() + "): "
                        + err.get().strip() + (stdin.isEmpty() ? "" : "\ninput was:\n" + stdin));
            }
            return out.get();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running '" + String.join(" ", command) + "'", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LabException("cannot read the output of '" + String.join(" ", command) + "'", e);
        }
    }

    /** Stops a daemon the lab started (coturn, miniupnpd): SIGTERM, then SIGKILL after 5 s. */
    static void stop(Process daemon) {
        daemon.destroy();
        try {
            if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        } catch (InterruptedException e) {
            daemon.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String run(String... command) {
        return run(List.of(command), "");
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                text.complete(bytes.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "ptpmesh-lab-pipe");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
