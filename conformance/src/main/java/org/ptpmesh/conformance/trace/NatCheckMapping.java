package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.TraceEvent;

/**
 * A peer's NAT check onto spec/NatTraversal.tla (replayed by spec/trace/TraceNatCheck.tla):
 * from its first CalculateNat to its first ClassifyNat, the node is the model's peer A, the
 * first introducer it pings I1, the second I2. Each event is looked up by its action name.
 *
 * <table>
 * <caption>events replayed</caption>
 * <tr><td>SendPing {to}</td><td>SendPing(A, i)</td></tr>
 * <tr><td>ReceivePong {from, observed}</td><td>ReceivePong(A), the observed port compared by equality</td></tr>
 * <tr><td>ReceiveTest</td><td>ReceiveTest(A) on the test port</td></tr>
 * <tr><td>ClassifyNat {nat}</td><td>ClassifyNat(A) with that result</td></tr>
 * </table>
 *
 * The model's NAT_A is the type the node reports: the replay checks that the pongs and tests it
 * logged are what a NAT of that type produces, in an order the model allows, and that the
 * classification follows from them. Everything after the classification is left out.
 */
public final class NatCheckMapping implements TraceMapping {

    private static final Vocabulary<NatTraversalAction> ACTIONS = new Vocabulary<>(NatTraversalAction.class);
    private static final Map<String, String> MODEL_TYPE = Map.of("STATIC", "Static", "EASY", "Easy", "HARD", "Hard");

    @Override
    public String name() {
        return "nat-check";
    }

    @Override
    public List<MappedTrace> map(TraceLog log) {
        List<MappedTrace> traces = new ArrayList<>();
        for (String node : log.nodes()) {
            List<Integer> indexes = log.indexesOf(node);
            mapNode(log, node, indexes).ifPresent(traces::add);
        }
        return traces;
    }

    private static Optional<MappedTrace> mapNode(TraceLog log, String node, List<Integer> indexes) {
        RecordList out = new RecordList();
        Map<String, String> introducer = new HashMap<>();
        Map<String, Integer> portNumber = new HashMap<>();
        // introducer -> the port its first pong reported: the model pings an introducer only until it answers
        Map<String, Integer> answered = new HashMap<>();
        boolean checking = false;
        int pings = 0;
        for (int k : indexes) {
            TraceEvent e = log.events().get(k);
            if (e.event().equals(DiagnosticEvent.CALCULATE_NAT.actionName())) {
                checking = true;
                continue;
            }
            NatTraversalAction action = ACTIONS.named(e.event());
            if (!checking || action == null) {
                continue; // RetryPing and ReportNat log nothing the model has: the pings are mapped one by one
            }
            switch (action) {
                case SEND_PING -> {
                    if (e.params().get("to") instanceof String to) {
                        String name = introducer.computeIfAbsent(to, x -> "I" + (introducer.size() + 1));
                        if (answered.containsKey(name)) {
                            // a RetryPing asks both introducers again; one that answered already is
                            // outside the check (its pong can only repeat the port: checked below)
                            continue;
                        }
                        out.add(k, "a", action.actionName(), "n", name, "o", 0, "c", "");
                        pings++;
                    }
                }
                case RECEIVE_PONG -> {
                    if (e.params().get("from") instanceof String from && introducer.containsKey(from)) {
                        String observed = String.valueOf(e.params().get("observed"));
                        int port = portNumber.computeIfAbsent(observed, x -> portNumber.size() + 1);
                        String name = introducer.get(from);
                        if (answered.containsKey(name) && answered.get(name) == port) {
                            // the pong of a retry, or of a ping the retry overtook: the same port again
                            continue;
                        }
                        answered.put(name, port);
                        out.add(k, "a", action.actionName(), "n", introducer.get(from), "o", port, "c", "");
                    }
                }
                case RECEIVE_TEST -> out.add(k, "a", action.actionName(), "n", "", "o", 0, "c", "");
                case CLASSIFY_NAT -> {
                    String nat = String.valueOf(e.params().get("nat"));
                    out.add(k, "a", action.actionName(), "n", "", "o", 0, "c", nat);
                    if (introducer.size() != 2 || !MODEL_TYPE.containsKey(nat)) {
                        return Optional.empty();
                    }
                    return Optional.of(new MappedTrace("TraceNatCheck", node, out.records, out.sources,
                            constants(MODEL_TYPE.get(nat), pings)));
                }
                default -> {
                    // punching, relay and data come after the classification: not replayed here
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> constants(String natType, int pings) {
        Map<String, String> c = new HashMap<>();
        c.put("NAT_A", Tla.string(natType));
        c.put("NAT_B", Tla.string("Static"));
        c.put("CONNTRACK", "FALSE");
        c.put("LOW_TTL", "TRUE");
        c.put("LAN", "FALSE");
        c.put("OPENERS", "1");
        c.put("BDP_MAX", "1");
        c.put("PUNCH_TRIES", "1");
        c.put("INTRO_TRIES", "1");
        c.put("INTROS", "1");
        c.put("FALLBACKS", "0");
        // a ping that got no pong was lost: at most every ping but the two answered
        c.put("MAX_LOSS", Integer.toString(Math.max(0, pings - 2)));
        c.put("MSGS", "0");
        c.put("START", Tla.string("boot"));
        return c;
    }
}
