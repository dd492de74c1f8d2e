package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --http} and {@code --http-token} are checked before the server binds anything. */
class PtpserverHttpOptionsTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.commandLine(new PtpserverCommand()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void aNonLoopbackAddressWithoutATokenIsAUsageError() {
        assertThat(run("--db", dir.resolve("s.db").toString(), "--http", "0.0.0.0:8080")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--http-token").contains("not a loopback address");
    }

    @Test
    void aMalformedAddressIsAUsageError() {
        assertThat(run("--db", dir.resolve("s.db").toString(), "--http", "localhost:http")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--http");
    }

    @Test
    void helpListsTheLimits() {
        StringWriter out = new StringWriter();
        Cli.commandLine(new PtpserverCommand()).setOut(new PrintWriter(out)).execute("--help");
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("32 requests in flight").contains("1024 characters")
                .contains("--http-token");
    }
}
