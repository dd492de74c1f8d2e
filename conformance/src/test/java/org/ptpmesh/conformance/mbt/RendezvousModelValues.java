package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.conformance.mbt.ModelValues.rec;
import static org.ptpmesh.conformance.mbt.ModelValues.seq;
import static org.ptpmesh.conformance.mbt.ModelValues.set;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads spec/mbt/MBTRendezvous.tla's states as {@link TlaValueParser} gives them: functions of
 * the clients 1..N are sequences, records and sets are maps and sets. The adapter finds an
 * action's parameters from what changed between two states.
 */
final class RendezvousModelValues {

    private RendezvousModelValues() {
    }

    /** The client whose entry of {@code variable} changed. */
    static int changed(Map<String, Object> from, Map<String, Object> to, String variable) {
        List<Object> a = seq(from, variable);
        List<Object> b = seq(to, variable);
        for (int c = 1; c <= a.size(); c++) {
            if (!a.get(c - 1).equals(b.get(c - 1))) {
                return c;
            }
        }
        throw new AssertionError(variable + " did not change");
    }

    /** The client whose datagram to the server was taken out of the network. */
    static int arrived(Map<String, Object> from, Map<String, Object> to) {
        return clientNumber(lostToServer(from, to).get("from"));
    }

    static Map<Object, Object> lostToServer(Map<String, Object> from, Map<String, Object> to) {
        Set<Object> gone = new HashSet<>(set(from.get("toServer")));
        gone.removeAll(set(to.get("toServer")));
        assertThat(gone).as("one datagram to the server taken").hasSize(1);
        return rec(gone.iterator().next());
    }

    static long pageTaken(Map<String, Object> from, Map<String, Object> to, int c) {
        Set<Object> gone = new HashSet<>(set(rec(seq(from, "inbox").get(c - 1)).get("got")));
        gone.removeAll(set(rec(seq(to, "inbox").get(c - 1)).get("got")));
        assertThat(gone).as("one page taken").hasSize(1);
        return (Long) gone.iterator().next();
    }

    static Set<Integer> clientsOf(Object modelSet) {
        Set<Integer> out = new TreeSet<>();
        set(modelSet).forEach(v -> out.add(((Long) v).intValue()));
        return out;
    }

    static int clientNumber(Object modelValue) {
        return ((Long) modelValue).intValue();
    }
}
