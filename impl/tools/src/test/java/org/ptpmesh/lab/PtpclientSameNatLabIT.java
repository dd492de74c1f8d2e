package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptpmesh.wire.Endpoint;

/**
 * Two real {@code ptpclient} processes (the packaged launcher) behind one NAT, both bound on all
 * addresses ({@code --bind 0.0.0.0}) and on one port, registered with a ptpserver on the lab's
 * internet and checking their NAT against two. Only the UDP runtime's report of the host's
 * addresses tells such a client its LAN address; with it, each announces that address as PTPADDR,
 * the server hands it to the other (both sit behind one public IP), and they probe each other over
 * the LAN. Without it they would announce 0.0.0.0, and through the NAT's public address they cannot
 * meet: a Linux NAT does not hairpin.
 */
@Tag("lab")
class PtpclientSameNatLabIT {

    /** One port for both, as two installs on one LAN would have: the NAT gives the second another public port. */
    private static final int CLIENT_PORT = 40000;
    private static final long MEET_WITHIN_MILLIS = 30_000;

    @TempDir
    Path dir;

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
        assertThat(LaunchedPtpclient.LAUNCHER).as("mvn package writes the launcher").isExecutable();
    }

    @ParameterizedTest
    @EnumSource(value = LabNat.class, names = {"EASY", "HARD"})
    void ptpclientsBoundOnAllAddressesBehindOneNatProbeEachOtherAtTheirLanAddresses(LabNat kind) throws Exception {
        try (Lab lab = Lab.create()) {
            Endpoint server = endpointOf(LabIntroducer.start(lab, lab.publicHost("srva")));
            Endpoint second = endpointOf(LabIntroducer.start(lab, lab.publicHost("srvb")));
            NftablesNatRouter nat = lab.nat("nat", kind);
            List<String> args = List.of("-s", server.host(), "-p", Integer.toString(server.port()), "--nostun",
                    "--bind", "0.0.0.0", "--local-port", Integer.toString(CLIENT_PORT), "--probe-every", "200ms",
                    "--introducers", server + "," + second, "--exit-after", "90s");
            LaunchedPtpclient one = LaunchedPtpclient.start(lab, nat.host("pa"), dir, args);
            LaunchedPtpclient two = LaunchedPtpclient.start(lab, nat.host("pb"), dir, args);

            boolean met = Await.until(MEET_WITHIN_MILLIS, () -> echoedBy(one, lanOf(two)) && echoedBy(two, lanOf(one)));
            // on the LAN they can meet before their NAT check ends; stopping them then would cut it short
            Await.until(MEET_WITHIN_MILLIS, () -> natReported(one, kind) && natReported(two, kind));
            one.stop();
            two.stop();
            String output = one.output() + "\n" + two.output();
            System.out.println("lab: two ptpclients behind one " + kind + " NAT met over the LAN: " + met);

            assertThat(met).as("each got echoes from the other's LAN address within %d ms%n%s", MEET_WITHIN_MILLIS, output)
                    .isTrue();
            String publicPrefix = nat.wanAddress().getHostAddress() + ":";
            for (LaunchedPtpclient client : List.of(one, two)) {
                assertThat(client.host().address().isSiteLocalAddress()).as("a LAN address is private").isTrue();
                assertThat(peersHeard(client)).as("%s talked to a peer at the NAT's public address%n%s",
                        client.host().name(), output).noneMatch(peer -> peer.startsWith(publicPrefix));
                assertThat(natReported(client, kind)).as("the NAT check from all addresses%n%s", output).isTrue();
            }
        }
    }

    private static Endpoint endpointOf(LabIntroducer introducer) {
        return new Endpoint(introducer.host().address(), LabIntroducer.PORT);
    }

    private static String lanOf(LaunchedPtpclient client) {
        return new Endpoint(client.host().address(), CLIENT_PORT).toString();
    }

    /**
     * Whether {@code client} measured an RTT to {@code peer}: it logs ReceiveEcho only for an echo
     * from the address it probes, which is the address its list gave for that peer.
     */
    private static boolean echoedBy(LaunchedPtpclient client, String peer) {
        return client.events().stream().anyMatch(e -> e.get("event").asText().equals("ReceiveEcho")
                && e.get("params").path("peer").asText().equals(peer));
    }

    private static boolean natReported(LaunchedPtpclient client, LabNat kind) {
        return client.events().stream().anyMatch(e -> e.get("event").asText().equals("NatReported")
                && e.get("params").get("nat").asText().equals(kind.name()));
    }

    /** Every peer address {@code client} got a probe or an echo from. */
    private static List<String> peersHeard(LaunchedPtpclient client) {
        return client.events().stream().filter(e -> List.of("ReceiveEcho", "ReceiveProbe").contains(e.get("event").asText()))
                .map(e -> e.get("params").path("peer").asText()).filter(peer -> !peer.equals("server")).toList();
    }
}
