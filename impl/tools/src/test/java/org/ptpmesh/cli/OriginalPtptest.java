package org.ptpmesh.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original ptptest 2014 client (chrisy/ptptest, unmodified) run under Python 2.7 from the
 * copy beside the checkout ({@code ../shared/ptptest-2014}, its README says how), with its
 * libraries and stand-ins on PYTHONPATH. Its stand-in console writes each log line as
 * {@code <epoch seconds> LOG <text>}. Where Python 2.7 or the copy is missing, {@link #missing}
 * says which, for a test to skip with.
 */
final class OriginalPtptest {

    /** The copy's location: PTPTEST_2014_HOME, else {@code shared/ptptest-2014} beside the checkout. */
    static final Path HOME = Optional.ofNullable(System.getenv("PTPTEST_2014_HOME")).map(Path::of)
            .orElse(Path.of("..", "..", "..", "shared", "ptptest-2014")).toAbsolutePath().normalize();

    private static final Pattern LOG_LINE = Pattern.compile("^(\\d+\\.\\d+) LOG (.*)$");

    private OriginalPtptest() {
    }

    /** Why the original cannot run here, or empty when it can. */
    static Optional<String> missing() {
        if (!Files.isRegularFile(HOME.resolve("original/ptpclient")) || !Files.isDirectory(HOME.resolve("pythonpath"))) {
            return Optional.of("no copy of ptptest 2014 at " + HOME + " (set PTPTEST_2014_HOME)");
        }
        if (python().isEmpty()) {
            return Optional.of("no Python 2.7 (pyenv prefix 2.7.18, python2.7, or PTPTEST_PYTHON)");
        }
        return Optional.empty();
    }

    /** PTPTEST_PYTHON, else pyenv's 2.7.18, else python2.7 on the PATH. */
    static Optional<String> python() {
        String configured = System.getenv("PTPTEST_PYTHON");
        if (configured != null) {
            return Optional.of(configured);
        }
        Optional<String> pyenv = firstLine("pyenv", "prefix", "2.7.18").map(prefix -> prefix + "/bin/python");
        if (pyenv.isPresent() && Files.isExecutable(Path.of(pyenv.get()))) {
            return pyenv;
        }
        return firstLine("python2.7", "-c", "print 'ok'").map(ok -> "python2.7");
    }

    private static Optional<String> firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()
                    ? Optional.of(out.lines().findFirst().orElseThrow()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Starts {@code ptpclient -s 127.0.0.1 -p PORT --nostun -d}, its output in {@code log}. */
    static Client client(int serverPort, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python().orElseThrow(), "-u", HOME.resolve("original/ptpclient").toString(),
                "-s", "127.0.0.1", "-p", Integer.toString(serverPort), "--nostun", "-d");
        pb.environment().put("PYTHONPATH", HOME.resolve("pythonpath").toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new Client(pb.start(), log);
    }

    /** One running original client. */
    static final class Client implements AutoCloseable {

        private final Process process;
        private final Path log;

        private Client(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /** Its UDP port, from its "Our socket is 127.0.0.1 N" line, once it printed it. */
        Optional<Integer> port() {
            Matcher m = Pattern.compile("Our socket is \\S+ (\\d+)").matcher(output());
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        }

        /** When it first logged a line containing {@code text} (Unix ms), if it did. */
        Optional<Long> loggedAt(String text) {
            for (String line : output().lines().toList()) {
                Matcher m = LOG_LINE.matcher(line);
                if (m.matches() && m.group(2).contains(text)) {
                    return Optional.of(Math.round(Double.parseDouble(m.group(1)) * 1000));
                }
            }
            return Optional.empty();
        }

        /** Ctrl-C: its own handler sends SHUTDOWN to the server, then it exits. */
        void interrupt() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<String> tail(int lines) {
            List<String> all = output().lines().toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
