package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ptpmesh.trace.TraceEvent;

/**
 * A peer's trace onto spec/Keepalive.tla (replayed by spec/trace/TraceKeepalive.tla), for the
 * peer's introducers: the model's Peers are the introducers the node pings, time is counted
 * in ticks of {@code tickMillis} from the node's first event.
 *
 * <table>
 * <caption>events replayed</caption>
 * <tr><td>KeepAliveTick</td><td>KeepAliveTick</td></tr>
 * <tr><td>SendPing {peer, retry}</td><td>SendPing(p): the retry timer</td></tr>
 * <tr><td>ReceivePong {from}</td><td>ReceivePong(p)</td></tr>
 * <tr><td>PeerStateChange {peer, state}</td><td>a check: state[p] is that state</td></tr>
 * <tr><td>SendPing {to} of a keepalive</td><td>a check: state[p] is the last state logged</td></tr>
 * </table>
 *
 * Left out: the NAT check's pings (an answer to one is accepted when it changes nothing the
 * model tracks), peers other than introducers (the model's peers exist from the start, the
 * core learns of peers from introductions), and every event of punching, relay and data.
 */
public final class KeepaliveMapping implements TraceMapping {

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
            if (e.event().equals("SendPing") && e.params().get("to") instanceof String to) {
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
        Set<String> activatedBeforePong = new LinkedHashSet<>();
        boolean keepaliveGroup = false;
        long groupTime = -1;
        for (int n = 0; n < indexes.size(); n++) {
            int k = indexes.get(n);
            TraceEvent e = log.events().get(k);
            long t = (e.time() - start) / tickMillis;
            if (e.time() != groupTime) {
                keepaliveGroup = false;
            }
            switch (e.event()) {
                case "KeepAliveTick" -> {
                    out.add(k, "a", "KeepAliveTick", "p", "", "s", "", "t", t);
                    keepaliveGroup = true;
                    groupTime = e.time();
                }
                case "CalculateNat", "RetryPing", "ClassifyNat" -> keepaliveGroup = false;
                case "SendPing" -> {
                    if (e.params().get("peer") instanceof String p && introducers.contains(p)) {
                        out.add(k, "a", "SendPing", "p", p, "s", "", "t", t);
                    } else if (e.params().get("to") instanceof String p && keepaliveGroup
                            && !isRetryOf(log, indexes, n, p)) {
                        out.add(k, "a", "State", "p", p, "s", seen.get(p), "t", t);
                    }
                }
                case "ReceivePong" -> {
                    if (e.params().get("from") instanceof String p && introducers.contains(p)) {
                        out.add(k, "a", "ReceivePong", "p", p, "s", "", "t", t);
                        seen.put(p, "Active");
                        if (activatedBeforePong.remove(p)) {
                            out.add(k, "a", "State", "p", p, "s", "Active", "t", t);
                        }
                    }
                }
                case "PeerStateChange" -> {
                    if (e.params().get("peer") instanceof String p && introducers.contains(p)
                            && e.params().get("state") instanceof String s) {
                        String state = modelState(s);
                        seen.put(p, state);
                        // An answer logs the change to Active before the pong itself.
                        if (state.equals("Active") && nextIsPongFrom(log, indexes, n, p)) {
                            activatedBeforePong.add(p);
                        } else {
                            out.add(k, "a", "State", "p", p, "s", state, "t", t);
                        }
                    }
                }
                default -> {
                    // not part of the Keepalive model (see the class comment)
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

    /** A retried keepalive to an introducer logs its ping, then the retry. */
    private static boolean isRetryOf(TraceLog log, List<Integer> indexes, int n, String peer) {
        if (n + 1 >= indexes.size()) {
            return false;
        }
        TraceEvent next = log.events().get(indexes.get(n + 1));
        return next.event().equals("SendPing") && peer.equals(next.params().get("peer"));
    }

    private static boolean nextIsPongFrom(TraceLog log, List<Integer> indexes, int n, String peer) {
        if (n + 1 >= indexes.size()) {
            return false;
        }
        TraceEvent next = log.events().get(indexes.get(n + 1));
        return next.event().equals("ReceivePong") && peer.equals(next.params().get("from"));
    }

    private static String modelState(String coreState) {
        String lower = coreState.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
