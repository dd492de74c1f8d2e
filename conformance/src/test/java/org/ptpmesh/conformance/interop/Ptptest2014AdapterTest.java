package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ptptest 2014 adapter without Python: the cases the original cannot play exit 127 with the
 * reason, and a missing interpreter or shared copy is a clear 127 too (Ptptest2014InteropIT runs
 * the cases it can).
 */
class Ptptest2014AdapterTest {

    private static final Path ADAPTER = ReferenceLaunchers.REPO.resolve("conformance/adapters/ptptest2014");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "introducer | nat-classify | 30 | the original server listens on one port: it sends no TEST and relays nothing",
        "introducer | relay        | 30 | the original server listens on one port",
        "introducer | keepalive-expiry | 3 | the original server purges after a fixed 30 s, not PTP_EXPIRY=3",
        "peer-a     | nat-classify | 30 | the original client's NAT check is STUN only",
        "peer-a     | punch-easy   | 30 | the original client neither asks for introductions nor punches",
        "peer-b     | relay-upgrade | 30 | the original client neither asks for introductions nor punches",
        "peer-a     | transfer     | 30 | the original has no file transfer",
        "peer-b     | transfer-loss | 30 | the original has no file transfer",
        "peer-a     | teleport     | 30 | unknown case or role"})
    void unsupportedCasesExit127WithTheReason(String role, String kase, String expiry, String reason, @TempDir Path work) throws Exception {
        Run r = run(work, Map.of("PTP_ROLE", role, "PTP_CASE", kase, "PTP_EXPIRY", expiry,
                "PTPTEST2014_HOME", "/nonexistent", "PTP_PY2", "/nonexistent"));
        assertThat(r.exit).as(r.err).isEqualTo(AdapterContract.EXIT_UNSUPPORTED);
        assertThat(r.err).startsWith("ptptest2014 adapter: " + kase + "/" + role + " unsupported: ").contains(reason);
    }

    @Test
    void anIpv6BindAddressIsUnsupported(@TempDir Path work) throws Exception {
        Run r = run(work, Map.of("PTP_ROLE", "peer-a", "PTP_CASE", "discovery", "PTP_BIND", "[::1]:40000",
                "PTPTEST2014_HOME", "/nonexistent", "PTP_PY2", "/nonexistent"));
        assertThat(r.exit).as(r.err).isEqualTo(AdapterContract.EXIT_UNSUPPORTED);
        assertThat(r.err).isEqualTo("ptptest2014 adapter: discovery/peer-a unsupported: the original is IPv4 only"
                + " (AF_INET sockets, addresses looked up as IPv4)");
    }

    @Test
    void aMissingSharedCopyOrInterpreterIsNamed(@TempDir Path work) throws Exception {
        Run home = run(work, Map.of("PTP_ROLE", "peer-a", "PTP_CASE", "discovery", "PTPTEST2014_HOME", work.toString()));
        assertThat(home.exit).isEqualTo(AdapterContract.EXIT_UNSUPPORTED);
        assertThat(home.err).contains("the ptptest 2014 copy was not found at " + work + " (no original/ptpclient");

        Path copy = work.resolve("copy");
        Files.createDirectories(copy.resolve("original"));
        Files.createDirectories(copy.resolve("pythonpath"));
        Files.writeString(copy.resolve("original/ptpclient"), "");
        Files.writeString(copy.resolve("original/ptpserver"), "");
        Run python = run(work, Map.of("PTP_ROLE", "peer-a", "PTP_CASE", "discovery", "PTPTEST2014_HOME", copy.toString(), "PTP_PY2", "/bin/sh"));
        assertThat(python.exit).isEqualTo(AdapterContract.EXIT_UNSUPPORTED);
        assertThat(python.err).isEqualTo("ptptest2014 adapter: PTP_PY2=/bin/sh is not a Python 2.7 interpreter");

        Run check = run(work, Map.of("PTPTEST2014_HOME", "/nonexistent"), "--check");
        assertThat(check.exit).isEqualTo(AdapterContract.EXIT_UNSUPPORTED);
        assertThat(check.err).contains("set PTPTEST2014_HOME");
    }

    private record Run(int exit, String err) {
    }

    private static Run run(Path work, Map<String, String> env, String... args) throws Exception {
        String[] argv = new String[args.length + 2];
        argv[0] = "sh";
        argv[1] = ADAPTER.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PTP_WORKDIR", work.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("the adapter ends at once").isTrue();
        return new Run(p.exitValue(), err.trim());
    }
}
