package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.TraceEvent;

/**
 * The pairs of peers of a trace that connected, and each peer's short id. Peers do not log
 * their own id; the introducer's {@code Intro {a, b, attempt}} names both, and a peer's
 * {@code ReceiveIntro {peer, attempt}} names the other, so the peer is the remaining one.
 */
final class ConnectPairs {

    /** Two peers; {@code a} asked for the introduction first. */
    record Pair(String a, String b, String idA, String idB) {
    }

    private ConnectPairs() {
    }

    static List<Pair> of(TraceLog log) {
        Map<Long, List<String>> introduced = new HashMap<>();
        Map<String, String> idOf = new HashMap<>();
        for (TraceEvent e : log.events()) {
            if (e.event().equals(DiagnosticEvent.INTRO.actionName()) && e.params().get("attempt") instanceof Number n) {
                introduced.put(n.longValue(), List.of(String.valueOf(e.params().get("a")),
                        String.valueOf(e.params().get("b"))));
            }
        }
        for (TraceEvent e : log.events()) {
            if (e.event().equals(NatTraversalAction.RECEIVE_INTRO.actionName())
                    && e.params().get("attempt") instanceof Number n && introduced.containsKey(n.longValue())) {
                List<String> ab = introduced.get(n.longValue());
                String other = String.valueOf(e.params().get("peer"));
                if (ab.contains(other)) {
                    idOf.putIfAbsent(e.node(), ab.get(0).equals(other) ? ab.get(1) : ab.get(0));
                }
            }
        }
        Map<String, String> nodeOf = new HashMap<>();
        idOf.forEach((node, id) -> nodeOf.put(id, node));
        Map<String, Pair> pairs = new LinkedHashMap<>();
        for (TraceEvent e : log.events()) {
            String target = nodeOf.get(String.valueOf(e.params().get("peer")));
            if (e.event().equals(NatTraversalAction.REQUEST_INTRO.actionName()) && target != null
                    && idOf.containsKey(e.node())) {
                String key = e.node().compareTo(target) < 0 ? e.node() + "\n" + target : target + "\n" + e.node();
                pairs.putIfAbsent(key, new Pair(e.node(), target, idOf.get(e.node()), idOf.get(target)));
            }
        }
        return new ArrayList<>(pairs.values());
    }
}
