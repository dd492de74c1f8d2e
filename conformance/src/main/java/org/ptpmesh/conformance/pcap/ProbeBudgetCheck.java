package org.ptpmesh.conformance.pcap;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * A connect attempt gives up after BDP_MAX_PACKETS probes (the introducer design): PUNCH datagrams
 * are counted per sending endpoint, destination host (the birthday strategy sprays many ports of
 * one host) and ATTEMPT; each one past the budget is a violation.
 */
final class ProbeBudgetCheck implements FlowCheck {

    private record AttemptKey(Endpoint sender, InetAddress host, long attempt) {
    }

    private final int budget;
    private final Map<AttemptKey, Integer> counts = new HashMap<>();

    ProbeBudgetCheck(int budget) {
        this.budget = budget;
    }

    @Override
    public void observe(Observed packet, FindingSink sink) {
        OptionalLong attempt = packet.message().uint(TlvTypes.ATTEMPT);
        if (packet.message().kind() != MessageKind.PUNCH || attempt.isEmpty()) {
            return;
        }
        AttemptKey key = new AttemptKey(packet.datagram().source(), packet.datagram().destination().address(),
                attempt.getAsLong());
        int n = counts.merge(key, 1, Integer::sum);
        if (n > budget) {
            sink.violation(packet.index(), new Finding("probe_budget_exceeded", "PUNCH number " + n + " of attempt "
                    + key.attempt() + " from " + key.sender() + " to host " + key.host().getHostAddress()
                    + " (at most " + budget + ", BDP_MAX_PACKETS)"));
        }
    }
}
