package org.ptpmesh.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * ptptest 2014's original server and client, unmodified, run by Python 2.7 as processes on
 * 127.0.0.1 (the shared copy's README: {@code ../shared/ptptest-2014}). Found through
 * {@code PTPTEST_2014} (the copy) and {@code PY2} (the interpreter), else the copy in a
 * {@code shared} directory beside an ancestor of the working directory and pyenv's 2.7.18.
 * Closing it kills what it started.
 */
final class OriginalPtptest implements AutoCloseable {

    /** One original program: its process and its stdout, one {@code <epoch> LOG <text>} line per log entry. */
    record Launched(Process process, Path stdout, Path stderr) {

        String output() {
            return read(stdout);
        }

        String errors() {
            return read(stderr);
        }

        /** The LOG lines that contain {@code text}. */
        long count(String text) {
            return output().lines().filter(l -> l.contains(" LOG ") && l.contains(text)).count();
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Path home;
    private final Path python;
    private final Path logs;
    private final List<Process> started = new ArrayList<>();

    private OriginalPtptest(Path home, Path python, Path logs) {
        this.home = home;
        this.python = python;
        this.logs = logs;
    }

    /** The original code and an interpreter for it, or why not (the reason a test skips with). */
    static Optional<String> missing() {
        if (home().isEmpty()) {
            return Optional.of("ptptest 2014's shared copy not found (set PTPTEST_2014 to its directory)");
        }
        if (python().isEmpty()) {
            return Optional.of("Python 2.7 not found (set PY2 to its interpreter, or install 2.7.18 with pyenv)");
        }
        return Optional.empty();
    }

    static OriginalPtptest open(Path logs) {
        return new OriginalPtptest(home().orElseThrow(), python().orElseThrow(), logs);
    }

    /** {@code ptpserver -s 127.0.0.1 -p PORT --nostun}. */
    Launched server(int port) throws IOException {
        return launch("ptpserver", port);
    }

    /** {@code ptpclient -s 127.0.0.1 -p PORT --nostun}. */
    Launched client(int port) throws IOException {
        return launch("ptpclient", port);
    }

    private Launched launch(String program, int port) throws IOException {
        Path out = Files.createTempFile(logs, program, ".out");
        Path err = Files.createTempFile(logs, program, ".err");
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-u", home.resolve("original").resolve(program).toString(),
                "-s", "127.0.0.1", "-p", String.valueOf(port), "--nostun")
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PYTHONPATH", home.resolve("pythonpath").toString());
        Process p = pb.start();
        started.add(p);
        return new Launched(p, out, err);
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Optional<Path> home() {
        String set = System.getenv("PTPTEST_2014");
        if (set != null) {
            return Optional.of(Path.of(set)).filter(OriginalPtptest::isCopy);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("ptptest-2014");
            if (isCopy(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isCopy(Path dir) {
        return Files.isRegularFile(dir.resolve("original").resolve("ptpserver")) && Files.isDirectory(dir.resolve("pythonpath"));
    }

    private static Optional<Path> python() {
        String set = System.getenv("PY2");
        String pyenv = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
        Path candidate = set != null ? Path.of(set) : Path.of(pyenv, "versions", "2.7.18", "bin", "python");
        return Files.isExecutable(candidate) && isPython27(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    private static boolean isPython27(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                    .redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && version.equals("2.7");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
