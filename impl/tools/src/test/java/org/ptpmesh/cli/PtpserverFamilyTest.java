package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.net.AddressFamily;
import org.ptpmesh.net.LocalAddresses;

/**
 * ptpserver's --family: by default it serves IPv4 and IPv6 clients on one port, with
 * {@code --family ipv6} only IPv6 ones; an address of the wrong family, or another family
 * name, is a usage error. Skipped where the machine has no IPv6.
 */
class PtpserverFamilyTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        return Cli.commandLine(command).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void byDefaultAnIpv4AndAnIpv6ClientBothRegister() throws Exception {
        assertThat(registeredClients("both")).containsExactlyInAnyOrder("127.0.0.1", "::1");
    }

    @Test
    void ipv6AloneRefusesTheIpv4Client() throws Exception {
        assertThat(registeredClients("ipv6")).containsExactly("::1");
    }

    @Test
    void anAddressOfAnotherFamilyOrAnUnknownFamilyIsAUsageError() {
        assertThat(run(new PtpserverCommand(), "--family", "ipv4", "-s", "::1", "--exit-after", "1ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("address ::1 is not an IPv4 address");
        assertThat(run(new PtpserverCommand(), "--family", "ipv5", "--exit-after", "1ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("expected both, ipv4 or ipv6, got 'ipv5'");
    }

    /** Runs the server with {@code --family family}, one client over 127.0.0.1 and one over ::1; the hosts it stored. */
    private List<String> registeredClients(String family) throws Exception {
        assumeTrue(AddressFamily.ipv6Available(), "no IPv6 on this machine");
        Path db = dir.resolve(family + ".db");
        String port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getByName("::")));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> server = pool.submit(() -> run(new PtpserverCommand(), "--family", family, "-p", port,
                    "--db", db.toString(), "--exit-after", "3s"));
            Thread.sleep(500);
            List<Future<Integer>> clients = new ArrayList<>();
            for (String host : List.of("127.0.0.1", "::1")) {
                // each client its own key: one key is one id, one registration
                String identity = dir.resolve(family + host.replace(':', '6') + "/identity").toString();
                clients.add(pool.submit(() -> run(new PtpclientCommand(), "-s", host, "-p", port, "--nostun",
                        "--identity", identity, "--register-every", "300ms", "--exit-after", "1500ms")));
            }
            for (Future<Integer> c : clients) {
                assertThat(c.get(10, TimeUnit.SECONDS)).isZero();
            }
            assertThat(server.get(10, TimeUnit.SECONDS)).isZero();
        } finally {
            pool.shutdownNow();
        }
        StringWriter stats = new StringWriter();
        Cli.commandLine(new PtpserverCommand()).setOut(new PrintWriter(stats)).execute("stats", "--db", db.toString(), "--json");
        List<String> hosts = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(stats.toString()).get("clients")) {
            String external = c.get("external").asText();
            hosts.add(external.startsWith("[") ? external.substring(1, external.indexOf(']'))
                    : external.substring(0, external.lastIndexOf(':')));
        }
        return hosts;
    }
}
