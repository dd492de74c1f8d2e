package org.ptpmesh.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ptpmesh.client.ClientSnapshot;
import org.ptpmesh.metrics.MetricsSnapshot;

/**
 * What ptpclient's plain log says every summary period: one line for the server, one per peer
 * of the latest list with its RTT and loss, the figures the console UI shows in its table.
 */
final class ClientSummary {

    private ClientSummary() {
    }

    static List<String> lines(ClientSnapshot s) {
        List<String> lines = new ArrayList<>(1 + s.peers().size());
        lines.add("server " + s.server() + " rtt " + (s.serverRtt() < 0 ? "-" : s.serverRtt() + " ms")
                + (s.registered() ? ", sees us as " + s.yourAddress() : ", not registered yet")
                + (s.fullForm() ? ", speaks ptpmesh" : ", ptptest 2014 form") + ", " + s.peers().size() + " peers");
        for (ClientSnapshot.PeerRow p : s.peers()) {
            MetricsSnapshot m = p.metrics();
            String rtt = m.rttLast() < 0 ? "rtt -"
                    : String.format(Locale.ROOT, "rtt %d ms (mean %.1f, min %d, max %d)", m.rttLast(), m.rttMean(), m.rttMin(), m.rttMax());
            lines.add(String.format(Locale.ROOT, "peer %s %s %s loss %.1f%% (%d of %d) jitter %.1f ms sent %d recv %d acked %d",
                    p.address(), p.state(), rtt, 100 * m.lossRatio(), m.lost(), m.acked() + m.lost(), m.jitter(),
                    m.sent(), m.received(), m.acked()));
        }
        return lines;
    }
}
