package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.KeepaliveAction;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.TraceEvent;

/**
 * A peer's trace onto spec/Keepalive.tla (replayed by spec/trace/TraceKeepalive.tla), for the
 * peer's introducers: the model's Peers are the introducers the node pings, time is counted
 * in ticks of {@code tickMillis} from the node's first event. Each event is looked up by its
 * action name; none needs the events around it.
 *
 * <table>
 * <caption>events replayed</caption>
 * <tr><td>KeepAliveTick</td><td>KeepAliveTick</td></tr>
 * <tr><td>RetryKeepalive {peer}</td><td>RetryKeepalive(p)</td></tr>
 * <tr><td>ReceivePong {from}, ReceiveKeepaliveAck {from}</td><td>ReceiveKeepaliveAck(p): an introducer
 * answers its keepalive ping with a pong</td></tr>
 * <tr><td>PeerStateChange {peer, state}</td><td>a check: state[p] is that state</td></tr>
 * <tr><td>SendKeepalive {peer}</td><td>a check: state[p] is the last state logged</td></tr>
 * </table>
 *
 * Left out: the NAT check's pings (an answer to one is accepted when it changes nothing the
 * model tracks), peers other than introducers (the model's peers exist from the start, the
 * core learns of peers from introductions), and every event of punching, relay and data.
 */
public final class KeepaliveMapping implements TraceMapping {

    private static final String KEEP_ALIVE_TICK = KeepaliveAction.KEEP_ALIVE_TICK.actionName();
    /** TraceKeepalive's check that the model's state of a peer is the one logged. */
    private static final String STATE = "State";
    private static final String STATE_CHANGE = "State: changed";
    private static final String STATE_UNCHANGED = "State: unchanged";

    /** Trace action name to what TraceKeepalive replays for it. */
    private static final Map<String, String> MODEL_STEPS = Map.of(
            KEEP_ALIVE_TICK, KEEP_ALIVE_TICK,
            KeepaliveAction.RETRY_KEEPALIVE.actionName(), KeepaliveAction.RETRY_KEEPALIVE.actionName(),
            KeepaliveAction.RECEIVE_KEEPALIVE_ACK.actionName(), KeepaliveAction.RECEIVE_KEEPALIVE_ACK.actionName(),
            NatTraversalAction.RECEIVE_PONG.actionName(), KeepaliveAction.RECEIVE_KEEPALIVE_ACK.actionName(),
            DiagnosticEvent.PEER_STATE_CHANGE.actionName(), STATE_CHANGE,
            DiagnosticEvent.SEND_KEEPALIVE.actionName(), STATE_UNCHANGED);

    private final long tickMillis;
    private final long keepAliveMillis;
    private final long retryMillis;
    private final int retries;
    private final int maxLoss;

    /**
     * @param tickMillis      length of the model's tick; keepalive and retry must be multiples
     * @param keepAliveMillis the nodes' keepalive period
     * @param retryMillis     the nodes' keepalive retry interval
     * @param retries         retries the nodes send at most between two keepalives
     * @param maxLoss         pings an answering peer may lose in a row
     */
    public KeepaliveMapping(long tickMillis, long keepAliveMillis, long retryMillis, int retries, int maxLoss) {
        if (tickMillis <= 0 || keepAliveMillis % tickMillis != 0 || retryMillis % tickMillis != 0
                || keepAliveMillis <= 0 || retryMillis <= 0) {
            throw new IllegalArgumentException("keepalive (" + keepAliveMillis + " ms) and retry (" + retryMillis
                    + " ms) must be positive multiples of the tick (" + tickMillis + " ms)");
        }
        if (retries < 0 || maxLoss < 0) {
            throw new IllegalArgumentException("keepalive retries (" + retries + ") and losses in a row (" + maxLoss
                    + ") must not be negative");
        }
        this.tickMillis = tickMillis;
        this.keepAliveMillis = keepAliveMillis;
        this.retryMillis = retryMillis;
        this.retries = retries;
        this.maxLoss = maxLoss;
    }

    @Override
    public String name() {
        return "keepalive";
    }

    @Override
    public List<MappedTrace> map(TraceLog log) {
        List<MappedTrace> traces = new ArrayList<>();
        for (String node : log.nodes()) {
            List<Integer> indexes = log.indexesOf(node);
            Set<String> introducers = introducers(log, indexes);
            if (!introducers.isEmpty()) {
                traces.add(mapNode(log, node, indexes, introducers));
            }
        }
        return traces;
    }

    /** Whom the node's NAT check pings: a node that pings no one is not a peer. */
    private static Set<String> introducers(TraceLog log, List<Integer> indexes) {
        Set<String> introducers = new LinkedHashSet<>();
        for (int k : indexes) {
            TraceEvent e = log.events().get(k);
            if (e.event().equals(NatTraversalAction.SEND_PING.actionName()) && e.params().get("to") instanceof String to) {
                introducers.add(to);
            }
        }
        return introducers;
    }

    private MappedTrace mapNode(TraceLog log, String node, List<Integer> indexes, Set<String> introducers) {
        long start = log.events().get(indexes.get(0)).time();
        RecordList out = new RecordList();
        Map<String, String> seen = new HashMap<>();
        introducers.forEach(p -> seen.put(p, "Active"));
        boolean ticked = false;
        for (int k : indexes) {
            TraceEvent e = log.events().get(k);
            long t = (e.time() - start) / tickMillis;
            String step = MODEL_STEPS.get(e.event());
            String p = peerOf(e);
            if (step == null) {
                continue; // not part of the Keepalive model (see the class comment)
            }
            if (!ticked && e.event().equals(NatTraversalAction.RECEIVE_PONG.actionName())) {
                // before its first keepalive tick the node has sent no keepalive ping: this pong answers the
                // NAT check's, which the model does not have (a real introducer's challenge round trip or a lost
                // ping delays it past the first tick, where the model's silence is no longer 0)
                continue;
            }
            if (step.equals(KEEP_ALIVE_TICK)) {
                ticked = true;
                out.add(k, "a", step, "p", "", "s", "", "t", t);
            } else if (p != null && introducers.contains(p)) {
                switch (step) {
                    case STATE_CHANGE -> {
                        seen.put(p, modelState(String.valueOf(e.params().get("state"))));
                        out.add(k, "a", STATE, "p", p, "s", seen.get(p), "t", t);
                    }
                    case STATE_UNCHANGED -> out.add(k, "a", STATE, "p", p, "s", seen.get(p), "t", t);
                    default -> out.add(k, "a", step, "p", p, "s", "", "t", t);
                }
            }
        }
        Map<String, String> constants = Map.of(
                "Peers", Tla.setOfStrings(introducers),
                "Introducers", Tla.setOfStrings(introducers),
                "KEEPALIVE", Long.toString(keepAliveMillis / tickMillis),
                "RETRY", Long.toString(retryMillis / tickMillis),
                "RETRIES", Integer.toString(retries),
                "MAX_LOSS", Integer.toString(maxLoss));
        return new MappedTrace("TraceKeepalive", node, out.records, out.sources, constants);
    }

    /** The peer an event is about: {@code from} for answers, {@code peer} for the rest. */
    private static String peerOf(TraceEvent e) {
        Object p = e.params().containsKey("from") ? e.params().get("from") : e.params().get("peer");
        return p instanceof String s ? s : null;
    }

    private static String modelState(String coreState) {
        String lower = coreState.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
