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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * ptptest 2014's original server and client (chrisy/ptptest, unmodified), run by Python 2.7 as
 * processes on 127.0.0.1 from the shared copy ({@code ../shared/ptptest-2014}, its README says
 * how) with its libraries and stand-ins on PYTHONPATH. The copy is found through
 * {@code PTPTEST_2014}, else in a {@code shared} directory beside an ancestor of the working
 * directory; the interpreter through {@code PY2}, else pyenv's 2.7.18 (by {@code pyenv prefix}, else under
 * {@code PYENV_ROOT}), else {@code python2.7} on
 * the PATH. Where either is missing, {@link #missing} says which, for a test to skip with.
 * Closing it stops what it started. Shared by every module's tests through the runtime's test jar.
 */
public final class OriginalPtptest implements AutoCloseable {

    /** The stand-in console writes each log line as {@code <epoch seconds> LOG <text>}. */
    private static final Pattern LOG_LINE = Pattern.compile("^(\\d+\\.\\d+) LOG (.*)$");
    private static final Pattern OUR_SOCKET = Pattern.compile("Our socket is \\S+ (\\d+)");

    /** One original program: its process, its stdout and its stderr. */
    public record Launched(Process process, Path stdout, Path stderr) {

        public String output() {
            return read(stdout);
        }

        public String errors() {
            return read(stderr);
        }

        /** The LOG lines that contain {@code text}. */
        public long count(String text) {
            return output().lines().filter(l -> l.contains(" LOG ") && l.contains(text)).count();
        }

        /** When it first logged a line containing {@code text} (Unix ms), if it did. */
        public Optional<Long> loggedAt(String text) {
            for (String line : output().lines().toList()) {
                Matcher m = LOG_LINE.matcher(line);
                if (m.matches() && m.group(2).contains(text)) {
                    return Optional.of(Math.round(Double.parseDouble(m.group(1)) * 1000));
                }
            }
            return Optional.empty();
        }

        /** Its UDP port, from its "Our socket is 127.0.0.1 N" line, once it printed it. */
        public Optional<Integer> port() {
            Matcher m = OUR_SOCKET.matcher(output());
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        }

        /** The last {@code lines} lines of stdout and stderr, for a failure's message. */
        public List<String> tail(int lines) {
            List<String> all = Stream.concat(output().lines(), errors().lines()).toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }

        /** Ctrl-C: the client's own handler sends SHUTDOWN to the server, then it exits. */
        public void interrupt() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        }

        private static String read(Path file) {
            try {
                // ISO-8859-1: the original prints bytes from the wire as they came
                return Files.readString(file, StandardCharsets.ISO_8859_1);
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
    public static Optional<String> missing() {
        if (home().isEmpty()) {
            return Optional.of("ptptest 2014's shared copy not found (set PTPTEST_2014 to its directory)");
        }
        if (python().isEmpty()) {
            return Optional.of("Python 2.7 not found (set PY2 to its interpreter, install 2.7.18 with pyenv, or put python2.7 on the PATH)");
        }
        return Optional.empty();
    }

    /** Ready to launch; each program's output goes to files in {@code logs}. */
    public static OriginalPtptest open(Path logs) {
        return new OriginalPtptest(home().orElseThrow(), python().orElseThrow(), logs);
    }

    /** {@code ptpserver -s 127.0.0.1 -p PORT --nostun}, then {@code extra}. */
    public Launched server(int port, String... extra) throws IOException {
        return launch("ptpserver", port, extra);
    }

    /** {@code ptpclient -s 127.0.0.1 -p PORT --nostun}, then {@code extra} (e.g. {@code -d}). */
    public Launched client(int port, String... extra) throws IOException {
        return launch("ptpclient", port, extra);
    }

    private Launched launch(String program, int port, String... extra) throws IOException {
        Path out = Files.createTempFile(logs, program, ".out");
        Path err = Files.createTempFile(logs, program, ".err");
        List<String> command = new ArrayList<>(List.of(python.toString(), "-u", home.resolve("original").resolve(program).toString(),
                "-s", "127.0.0.1", "-p", String.valueOf(port), "--nostun"));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PYTHONPATH", home.resolve("pythonpath").toString());
        Process p = pb.start();
        started.add(p);
        return new Launched(p, out, err);
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Optional<Path> home() {
        String set = System.getenv("PTPTEST_2014");
        if (set != null) {
            return Optional.of(Path.of(set).toAbsolutePath().normalize()).filter(OriginalPtptest::isCopy);
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
        List<Path> candidates = new ArrayList<>();
        String set = System.getenv("PY2");
        if (set != null) {
            candidates.add(Path.of(set));
        } else {
            firstLine("pyenv", "prefix", "2.7.18").ifPresent(prefix -> candidates.add(Path.of(prefix, "bin", "python")));
            String pyenvRoot = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
            candidates.add(Path.of(pyenvRoot, "versions", "2.7.18", "bin", "python"));
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(dir, "python2.7"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).filter(OriginalPtptest::isPython27).findFirst();
    }

    private static boolean isPython27(Path python) {
        return firstLine(python.toString(), "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                .filter("2.7"::equals).isPresent();
    }

    private static Optional<String> firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()
                    ? out.lines().findFirst() : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
