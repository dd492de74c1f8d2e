package org.ptpmesh.conformance.mbt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads spec/mbt/MBTBulkTransfer.tla's transitions for {@link BulkTransferAdapter}: the action
 * labels carry no parameters, so the datagram a step received or lost, and the block it
 * requested, are found from what changed between the two states. Datagrams are named as the
 * adapter names them: {@code REQUEST 2}, {@code BLOCK 2}, {@code DONE}.
 */
final class BulkTransferModelValues {

    private BulkTransferModelValues() {
    }

    /**
     * The model's name of the datagram of {@code type} the step received: the one it took out of
     * the network or, when a duplicate stayed behind, the one the step's other changes name (the
     * BLOCK it added, the block it accepted or stopped waiting for). A duplicate that changed
     * nothing else leaves the choice open, and any candidate is the same step for the model.
     */
    static String received(Map<String, Object> from, Map<String, Object> to, String type) {
        for (Object m : lostOrTaken(from, to)) {
            Map<Object, Object> r = ModelValues.rec(m);
            if (type.equals(r.get("type"))) {
                return type + " " + r.get("block");
            }
        }
        Set<Object> answered = new HashSet<>();
        if (type.equals("REQUEST")) {
            ModelValues.set(to.get("net")).stream().map(ModelValues::rec).filter(r -> "BLOCK".equals(r.get("type")))
                    .forEach(r -> answered.add(r.get("block")));
        } else {
            answered.addAll(ModelValues.set(from.get("requested")));
            answered.removeAll(ModelValues.set(to.get("requested")));
            List<Object> before = ModelValues.seq(from, "have");
            List<Object> after = ModelValues.seq(to, "have");
            for (int i = 0; i < before.size(); i++) {
                if (!before.get(i).equals(after.get(i))) {
                    answered.add((long) i + 1);
                }
            }
        }
        List<String> candidates = new ArrayList<>();
        for (Object m : ModelValues.set(from.get("net"))) {
            Map<Object, Object> r = ModelValues.rec(m);
            if (type.equals(r.get("type")) && (answered.isEmpty() || answered.contains(r.get("block")))) {
                candidates.add(type + " " + r.get("block"));
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("cannot tell which " + type + " the step received");
        }
        return candidates.get(0);
    }

    static String lostOne(Map<String, Object> from, Map<String, Object> to) {
        return nameOf(lostOrTaken(from, to).iterator().next());
    }

    /** The adapter's name of a model message. */
    static String nameOf(Object message) {
        Map<Object, Object> r = ModelValues.rec(message);
        return r.get("type") + (r.containsKey("block") ? " " + r.get("block") : "");
    }

    private static Set<Object> lostOrTaken(Map<String, Object> from, Map<String, Object> to) {
        Set<Object> gone = new HashSet<>(ModelValues.set(from.get("net")));
        gone.removeAll(ModelValues.set(to.get("net")));
        return gone;
    }

    static int requestedBlock(Set<Object> added) {
        if (added.size() != 1) {
            throw new IllegalStateException("the step requested " + added);
        }
        return ((Number) added.iterator().next()).intValue();
    }
}
