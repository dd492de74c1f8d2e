package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against a scripted adapter (no capture, no root): exit 127 is unsupported, a wrong
 * result fails with the reason, a right one passes, and every role gets the contract's variables.
 */
class AdapterContractTest {

    private static final String SCRIPT = """
            #!/bin/sh
            env | grep '^PTP_' | sort > "$PTP_WORKDIR/env"
            case "$PTP_ROLE" in
              introducer) echo '{"ready":true}'; sleep 30 ;;
            esac
            case "$PTP_CASE" in
              discovery) echo '{"ok":true,"peers":1}' ;;
              nat-classify) echo '{"ok":true,"nat":"Easy"}' ;;
              *) exit 127 ;;
            esac
            """;

    @Test
    void verdictsFollowTheAdapterResults(@TempDir Path tmp) throws Exception {
        Path adapter = tmp.resolve("adapter");
        Files.writeString(adapter, SCRIPT);
        Files.setPosixFilePermissions(adapter, PosixFilePermissions.fromString("rwxr-xr-x"));
        Implementation fake = new Implementation("fake", adapter.toString());
        Path out = tmp.resolve("out");
        List<CaseOutcome> outcomes = new InteropRunner(out, 5, false, false, new PrintWriter(new StringWriter()))
                .run(List.of(fake), List.of(InteropCase.DISCOVERY, InteropCase.NAT_CLASSIFY, InteropCase.RELAY));

        assertThat(outcomes).extracting(CaseOutcome::verdict).containsExactly(InteropVerdict.PASS, InteropVerdict.FAIL, InteropVerdict.UNSUPPORTED);
        assertThat(outcomes.get(1).reason()).isEqualTo("peer-a reported nat=Easy, expected Static");

        Path discovery = out.resolve("fake-x-fake/discovery");
        String env = Files.readString(discovery.resolve("peer-a/env"));
        assertThat(env).contains("PTP_CASE=discovery", "PTP_ROLE=peer-a", "PTP_BIND=127.0.0.1:", "PTP_INTRODUCERS=127.0.0.1:",
                "PTP_PEER=127.0.0.1:", "PTP_ID=0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a", "PTP_PEER_ID=0b0b", "PTP_TIMEOUT=5",
                "PTP_WORKDIR=" + discovery.resolve("peer-a").toAbsolutePath(), "PTP_NETWORK=loopback", "PTP_EXPIRY=30");
        assertThat(Files.readString(discovery.resolve("introducer-1/env"))).contains("PTP_ROLE=introducer").doesNotContain("PTP_ID=");
        assertThat(Files.readString(out.resolve("fake-x-fake/nat-classify/peer-a/env")))
                .containsPattern("PTP_INTRODUCERS=127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.2:\\d+").contains("PTP_TEST_PORT=");
    }

    /**
     * departure: peer-a is ready, then leaves when its stdin closes (it leaves a mark for peer-b,
     * as a server would announce it); peer-b reports once it sees the mark. {@code EARLY=1}
     * makes peer-b report at once, and peer-a wait for that before it is ready.
     */
    private static final String DEPARTURE = """
            #!/bin/sh
            case "$PTP_ROLE" in
              introducer) echo '{"ready":true}'; sleep 30 ;;
              peer-a)
                [ "${EARLY:-0}" = 1 ] && while ! grep -q departed "$PTP_WORKDIR/../peer-b/stdout"; do sleep 0.1; done
                echo '{"ready":true}'; cat >/dev/null; touch "$PTP_WORKDIR/left"; echo '{"ok":true,"detail":"left"}' ;;
              peer-b)
                [ "${EARLY:-0}" = 1 ] && { echo '{"ok":true,"departed":true}'; exit 0; }
                while [ ! -f "$PTP_WORKDIR/../peer-a/left" ]; do sleep 0.1; done
                echo '{"ok":true,"departed":true}' ;;
            esac
            """;

    @Test
    void departureIsTimedFromTheMomentPeerALeaves(@TempDir Path tmp) throws Exception {
        Path adapter = tmp.resolve("adapter");
        Files.writeString(adapter, DEPARTURE);
        Files.setPosixFilePermissions(adapter, PosixFilePermissions.fromString("rwxr-xr-x"));
        InteropRunner runner = new InteropRunner(tmp.resolve("out"), 5, false, false, new PrintWriter(new StringWriter()));

        CaseOutcome timely = runner.run(List.of(new Implementation("fake", adapter.toString())), List.of(InteropCase.DEPARTURE)).get(0);
        assertThat(timely.verdict()).as(timely.reason()).isEqualTo(InteropVerdict.PASS);
        assertThat(timely.reason()).matches("peer-b reported peer-a gone \\d+ ms after it was told to leave");

        CaseOutcome early = runner.run(List.of(new Implementation("early", "EARLY=1 " + adapter)), List.of(InteropCase.DEPARTURE)).get(0);
        assertThat(early.verdict()).isEqualTo(InteropVerdict.FAIL);
        assertThat(early.reason()).isEqualTo("peer-b reported peer-a gone before peer-a was told to leave");
    }
}
