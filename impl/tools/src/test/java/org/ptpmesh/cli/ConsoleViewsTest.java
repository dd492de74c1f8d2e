package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.client.ClientSnapshot;
import org.ptpmesh.metrics.MetricsSnapshot;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.ui.StatusView;

/** What the console UI shows of a server and of a client: the rows a person reads. */
class ConsoleViewsTest {

    @Test
    void serverViewCountsEveryRolesDropsAndListsClients() {
        ServerSnapshot s = new ServerSnapshot(10_000, 1, 3, 40, 30, Map.of("bad_checksum", 1L), List.of(
                new ServerSnapshot.Row("0123456789abcdef0123456789abcdef", "127.0.0.1:40000", "10.0.0.2:40000", 1,
                        "ptpmesh", 8_000, 4, 1, "127.0.0.1:3456", true)), Map.of(1, 1L));
        StatusView v = PtpserverCommand.view(s, Map.of("bad_checksum", 1L, "introducer_relay_quota", 2L), 3);
        assertThat(v.status().get(0)).isEqualTo("clients 1   sessions 3   publications 3   datagrams in 40 out 30   dropped 3");
        assertThat(v.status().get(1)).contains("introducer_relay_quota=2");
        assertThat(v.columns()).containsExactly("client", "address", "lan address", "NAT", "mapped", "speaks", "key", "RTT",
                "last heard");
        assertThat(v.rows()).containsExactly(List.of("01234567", "127.0.0.1:40000", "10.0.0.2:40000", "easy", "yes, at 127.0.0.1:3456", "ptpmesh",
                "keyed", "4 ms", "2 s"));
    }

    @Test
    void clientViewShowsAddressNatStateRttLossJitterAndCounts() {
        MetricsSnapshot m = new MetricsSnapshot(10, 9, 8, 2, 3, 2.5, 1, 7, 0.6);
        ClientSnapshot s = new ClientSnapshot(0, "127.0.0.1:23456", "127.0.0.1:40000", true, true, 1, 4, 0, List.of(
                new ClientSnapshot.PeerRow("127.0.0.1:40001", "", 2, "up", m)), "pcp 198.51.100.7:40000");
        StatusView v = PtpclientCommand.view(s);
        assertThat(v.status().get(0)).contains("registered as 127.0.0.1:40000").contains("port mapped by pcp 198.51.100.7:40000");
        assertThat(v.columns()).startsWith("peer", "NAT", "state", "RTT last/mean/min/max ms", "loss");
        assertThat(v.rows()).containsExactly(List.of("127.0.0.1:40001", "hard", "up", "3/2.5/1/7", "20.0%", "0.6", "10/9/8"));
    }
}
