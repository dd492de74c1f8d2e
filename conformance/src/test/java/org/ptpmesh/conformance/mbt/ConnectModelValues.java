package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads spec/mbt/MBTConnect.tla's states as {@link TlaValueParser} gives them (functions of the
 * peers and records are maps, sets are sets): the adapter finds which peer took a step and the
 * packet it handled from what changed between two states.
 */
final class ConnectModelValues {

    static final List<String> PEERS = List.of("A", "B");

    private ConnectModelValues() {
    }

    /** The peer that took the step: whose attempt, inbox or link changed. */
    static String actor(String action, Map<String, Object> from, Map<String, Object> to) {
        for (String p : PEERS) {
            for (String variable : List.of("phase", "introTries", "att", "openerSent", "opened", "tries", "probes", "confirmed", "mode")) {
                if (!fn(from, variable).get(p).equals(fn(to, variable).get(p))) {
                    return p;
                }
            }
        }
        for (String p : PEERS) {
            if (!inbox(to, p).containsAll(inbox(from, p))) {
                return p;
            }
        }
        // an INTRO delivered twice or dropped without a trace: the peer with an INTRO the model drops
        for (String p : PEERS) {
            if (action.equals("ReceiveIntro") && droppedIntro(p, from) != null) {
                return p;
            }
        }
        throw new AssertionError(action + " changed no peer's state");
    }

    /** The INTRO p handled: the one that left its inbox, or that started the new attempt, or one the model drops. */
    static Object introHandled(String p, Map<String, Object> from, Map<String, Object> to) {
        Object gone = removedOrNull(p, from, to);
        if (gone != null) {
            return gone;
        }
        long att = (Long) fn(to, "att").get(p);
        if (att != (Long) fn(from, "att").get(p)) {
            return inbox(from, p).stream().filter(m -> fn(m).get("kind").equals("INTRO") && fn(m).get("att").equals(att))
                    .findFirst().orElseThrow();
        }
        return droppedIntro(p, from);
    }

    /** An INTRO in p's inbox that ReceiveIntro drops (duplicate, stale, or the link already direct). */
    static Object droppedIntro(String p, Map<String, Object> s) {
        long att = (Long) fn(s, "att").get(p);
        String phase = (String) fn(s, "phase").get(p);
        boolean direct = fn(s, "mode").get(p).equals("direct") || phase.equals("direct");
        return inbox(s, p).stream().filter(m -> fn(m).get("kind").equals("INTRO")).filter(m -> {
            long a = (Long) fn(m).get("att");
            return a == att || (phase.equals("punching") && a < att) || direct;
        }).findFirst().orElse(null);
    }

    static Object removedOrNull(String p, Map<String, Object> from, Map<String, Object> to) {
        Set<Object> gone = new HashSet<>(inbox(from, p));
        gone.removeAll(inbox(to, p));
        assertThat(gone).as("at most one packet handled").hasSizeLessThanOrEqualTo(1);
        return gone.isEmpty() ? null : gone.iterator().next();
    }

    /** The port p's probe went to: the Hard side's port its NAT table now holds a destination for. */
    static long probedPort(String p, Map<String, Object> from, Map<String, Object> to) {
        @SuppressWarnings("unchecked")
        Set<Object> entries = new HashSet<>((Set<Object>) fn(to, "natTab").get(p));
        entries.removeAll((Set<?>) fn(from, "natTab").get(p));
        return entries.stream().map(e -> fn(fn(e).get("rem"))).filter(rem -> rem.get("host").equals(other(p)))
                .map(rem -> (Long) rem.get("port")).findFirst()
                .orElseThrow(() -> new AssertionError(p + "'s probe left no destination in its NAT table"));
    }

    static Set<Object> added(String p, Map<String, Object> from, Map<String, Object> to) {
        Set<Object> fresh = new HashSet<>(inbox(to, p));
        fresh.removeAll(inbox(from, p));
        return fresh;
    }

    @SuppressWarnings("unchecked")
    static Set<Object> inbox(Map<String, Object> state, String p) {
        return (Set<Object>) fn(state, "inbox").get(p);
    }

    static String other(String p) {
        return p.equals("A") ? "B" : "A";
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> fn(Object value) {
        return (Map<Object, Object>) value;
    }

    static Map<Object, Object> fn(Map<?, ?> state, String variable) {
        return fn(state.get(variable));
    }
}
