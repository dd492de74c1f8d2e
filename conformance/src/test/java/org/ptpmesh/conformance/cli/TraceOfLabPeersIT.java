package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.PtpmeshCommand;
import org.ptpmesh.lab.LabSupport;

/**
 * Traces of the lab's peers: {@code ptpmesh lab matrix --traces DIR} runs a pair behind two
 * Linux Easy NATs in network namespaces and writes one file per host; {@code ptpconform trace}
 * on them must match both peers' NAT checks (classified Easy through real nftables NATs).
 */
@Tag("lab")
class TraceOfLabPeersIT {

    @TempDir
    Path dir;

    @Test
    void thePeersOfALabPairMatchTheNatCheckKeepaliveAndConnectMappings() throws Exception {
        Assumptions.assumeTrue(LabSupport.unavailableReason().isEmpty(),
                () -> "lab test skipped: " + LabSupport.unavailableReason().orElse(""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new PtpmeshCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("lab", "matrix", "--kinds", "easy", "--traces", dir.resolve("traces").toString(), "--json");
        assertThat(exit).as(err.toString()).isZero();

        Path pair = dir.resolve("traces").resolve("easy-easy");
        List<String> args = new ArrayList<>(List.of("trace"));
        try (Stream<Path> files = Files.list(pair)) {
            List<Path> traces = files.sorted().toList();
            assertThat(traces).extracting(p -> p.getFileName().toString())
                    .containsExactly("a.ndjson", "b.ndjson", "ia.ndjson", "ib.ndjson");
            traces.forEach(t -> args.add(t.toString()));
        }
        args.addAll(List.of("--work-dir", dir.resolve("work").toString()));

        PtpconformRun r = PtpconformRun.of(args.toArray(String[]::new));

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("nat-check  a/a").contains("nat-check  b/b").contains("keepalive  a/a")
                .contains("5 replay(s): 5 matched, 0 not");
        // the pair's connect through two Linux NATs, both peers and the introducer as one behaviour
        assertThat(r.out()).containsPattern("connect +a/a\\+b/b +MATCH");
        assertThat(Files.readString(pair.resolve("a.ndjson"))).contains("\"event\":\"ClassifyNat\",\"node\":\"a/a\"")
                .contains("\"nat\":\"EASY\"");
    }
}
