package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.wire.json.WireJson;

/** {@code ptpconform interop}: the matrix in three formats, exit 1 on a failed case, usage errors. */
class InteropCommandTest {

    @Test
    void writesTheMatrixAndExitsOneOnAFailure(@TempDir Path tmp) throws Exception {
        Path adapter = tmp.resolve("adapter");
        Files.writeString(adapter, "#!/bin/sh\n[ \"$PTP_ROLE\" = introducer ] && { echo '{\"ready\":true}'; sleep 30; }\n"
                + "[ \"$PTP_CASE\" = discovery ] && { echo '{\"ok\":false,\"detail\":\"saw nobody\"}'; exit 0; }\nexit 127\n");
        Files.setPosixFilePermissions(adapter, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = tmp.resolve("m");
        PtpconformRun r = PtpconformRun.of("interop", "--impl", "x=" + adapter, "--case", "discovery,transfer,punch-birthday",
                "--out", out.toString(), "--timeout", "5", "--no-capture");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(Files.readString(out.resolve("matrix.md"))).contains("| case | x x x |", "| discovery | fail |",
                "| transfer | unsupported |", "| punch-birthday | needs lab |", "peer-a: saw nobody");
        JsonNode json = WireJson.MAPPER.readTree(out.resolve("matrix.json").toFile());
        assertThat(json.get("failed").asBoolean()).isTrue();
        assertThat(json.get("results").get(1).get("verdict").asText()).isEqualTo("unsupported");
        assertThat(Files.readString(out.resolve("matrix.html"))).contains("<td class=\"fail\" title=\"peer-a: saw nobody\">fail</td>");
    }

    @Test
    void theReferencePeerRefusesABadIdOrTestPort() {
        PtpconformRun r = PtpconformRun.of("peer", "--legacy", "--bind", "127.0.0.1:3456", "--test-port", "3457",
                "--introducers", "127.0.0.1:23456,127.0.0.2:23456", "--id", "xyz");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--id wants 32 hex digits, got 'xyz'");
        PtpconformRun same = PtpconformRun.of("peer", "--legacy", "--bind", "127.0.0.1:3456", "--test-port", "3456",
                "--introducers", "127.0.0.1:23456,127.0.0.2:23456", "--id", "000102030405060708090a0b0c0d0e0f");
        assertThat(same.exit()).isEqualTo(2);
        assertThat(same.err()).contains("differ from the --bind port");
    }

    @Test
    void theDualStackReferencePeerWantsTheIpv6WildcardAndPortsOfItsOwn() {
        String id = "000102030405060708090a0b0c0d0e0f";
        PtpconformRun v4 = PtpconformRun.of("peer", "--legacy", "--bind", "127.0.0.1:3456", "--test-port", "3457",
                "--introducers", "127.0.0.1:23456,127.0.0.2:23456", "--ipv6-introducers", "[::1]:23456,[::1]:23457", "--id", id);
        assertThat(v4.exit()).isEqualTo(2);
        assertThat(v4.err()).contains("a dual-stack peer binds the IPv6 wildcard ::");
        PtpconformRun shared = PtpconformRun.of("peer", "--legacy", "--bind", "[::]:3456", "--test-port", "3457",
                "--introducers", "127.0.0.1:23456,127.0.0.2:23456", "--ipv6-introducers", "[::1]:23456,[::1]:23457",
                "--ipv6-ports", "3457,3459", "--id", id);
        assertThat(shared.exit()).isEqualTo(2);
        assertThat(shared.err()).contains("--ipv6-ports must be 1-65535 and differ from the --bind port and --test-port, got 3457");
        PtpconformRun one = PtpconformRun.of("peer", "--legacy", "--bind", "[::]:3456", "--test-port", "3457",
                "--introducers", "127.0.0.1:23456,127.0.0.2:23456", "--ipv6-introducers", "[::1]:23456,[::1]:23457",
                "--ipv6-ports", "3458", "--id", id);
        assertThat(one.exit()).isEqualTo(2);
        assertThat(one.err()).contains("--ipv6-ports wants two different ports, got '3458'");
    }

    @Test
    void unknownCaseAndBadImplAreUsageErrors() {
        PtpconformRun r = PtpconformRun.of("interop", "--case", "teleport", "--no-capture");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown interop case 'teleport'").contains("discovery");
        PtpconformRun bad = PtpconformRun.of("interop", "--impl", "no-equals-sign", "--no-capture");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown implementation 'no-equals-sign'; the kit knows reference, ptptest2014; or give NAME=COMMAND");
        PtpconformRun twice = PtpconformRun.of("interop", "--impl", "x=./a", "--impl", "x=./b", "--no-capture");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("--impl names an implementation twice: x, x");
        PtpconformRun ipv6Lab = PtpconformRun.of("interop", "--ipv6", "--lab", "--impl", "x=./a", "--no-capture");
        assertThat(ipv6Lab.exit()).isEqualTo(2);
        assertThat(ipv6Lab.err()).contains("--ipv6 runs on loopback only: the NAT lab is IPv4 only");
    }
}
