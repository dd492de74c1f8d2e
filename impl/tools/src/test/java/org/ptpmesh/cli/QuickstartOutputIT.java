package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ci/quickstart > report.txt} leaves a file of plain text: no terminal escape code from
 * either of its two steps, the Maven build (Debian's Maven 3.8 writes an attribute reset when it
 * exits, unless {@code .mvn/jvm.config} turns that off) and the packaged {@code ptpmesh sim}
 * launcher. Each step runs here as quickstart runs it, with stdout redirected to a file.
 */
class QuickstartOutputIT {

    private static final byte ESC = 0x1b;
    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();

    @TempDir
    Path dir;

    @Test
    void theSimLauncherWritesPlainTextToAFile() throws Exception {
        Path launcher = ROOT.resolve("impl/tools/target/bin/ptpmesh");
        assertThat(launcher).as("the package step writes the launcher").isExecutable();
        Path out = run(List.of(launcher.toString(), "sim", "--duration", "10s"));
        assertThat(Files.readString(out)).contains("NAT classified right");
        assertThat(Files.readAllBytes(out)).as("escape codes in the sim report").doesNotContain(ESC);
    }

    @Test
    void theMavenBuildWritesNoEscapeCodesToAFile() throws Exception {
        Assumptions.assumeTrue(onPath("mvn"), "mvn is not on the PATH");
        // validate of the root alone: the quickest build that starts and stops Maven as package does
        Path out = run(List.of("mvn", "-B", "-q", "-o", "-N", "validate"));
        assertThat(Files.readAllBytes(out)).as("escape codes in Maven's output").doesNotContain(ESC);
    }

    private Path run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout");
        Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, Files.readString(dir.resolve("stderr"))).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
