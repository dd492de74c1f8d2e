package org.ptpmesh.conformance.trace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks NatTraversal's timing assumptions (docs/spec.md, "Timing assumptions") on the order
 * and timestamps of a connecting pair's events, as the connect mapping feeds them in file
 * order: each {@code is...} answers whether the event keeps the assumptions it is subject to.
 * TA_HandledInTime is the model's to check (it is about packets, which the trace does not
 * show one by one).
 */
final class ConnectTiming {

    /** Conntrack's timeout for unreplied entries (TA_RetryAfterExpiry). */
    static final long RETRY_AFTER_EXPIRY_MS = 30_000;
    /**
     * Punch intervals a peer mapped by its router waits past the punch delay on the direct
     * strategy (Punching's MAPPED_PUNCH_WAIT_INTERVALS, the model's MappedWait).
     */
    static final int MAPPED_WAIT = 2;

    /** A peer's current attempt, as far as the assumptions need it. */
    private static final class Attempt {
        long id = -1;
        String strategy = "";
        boolean open;
        boolean openersSent;
        int rounds;
        int probes;
        int opened;
        /** Rounds this peer's punching starts late: MAPPED_WAIT for a mapped peer on the direct strategy. */
        int lag;
    }

    private final Map<String, Attempt> attempts = new HashMap<>(Map.of("A", new Attempt(), "B", new Attempt()));
    private final Map<String, Long> gaveUpAt = new HashMap<>();
    private final Map<String, Long> classifiedAt = new HashMap<>();
    private final Set<String> mapped = new HashSet<>();
    private final int openers;
    private final int probeBudget;

    ConnectTiming(int openers, int probeBudget) {
        this.openers = openers;
        this.probeBudget = probeBudget;
    }

    private static String other(String p) {
        return p.equals("A") ? "B" : "A";
    }

    void classified(String p, long time) {
        classifiedAt.putIfAbsent(p, time);
    }

    /** TA_ConnectWhenRegistered (after the peer's own NAT check) and TA_RetryAfterExpiry. */
    boolean isRequestTimely(String p, long time) {
        Long classified = classifiedAt.get(p);
        Long gaveUp = gaveUpAt.get(p);
        return classified != null && classified <= time && (gaveUp == null || time - gaveUp >= RETRY_AFTER_EXPIRY_MS);
    }

    /** Peer p's router forwards a mapped port to it (the model's HardMapped). */
    void portMapped(String p) {
        mapped.add(p);
    }

    void introTaken(String p, long id, String strategy) {
        Attempt a = new Attempt();
        a.id = id;
        a.strategy = strategy;
        a.open = !strategy.equals("relay");
        // a mapped peer on the direct strategy sends no opener and punches late (the model's SkipsOpeners)
        boolean skipsOpeners = mapped.contains(p) && strategy.equals("direct");
        a.openersSent = skipsOpeners;
        a.lag = skipsOpeners ? MAPPED_WAIT : 0;
        attempts.put(p, a);
    }

    void openerSent(String p) {
        attempts.get(p).openersSent = true;
    }

    void portOpened(String p) {
        Attempt a = attempts.get(p);
        a.opened++;
        a.openersSent = a.opened >= openers;
    }

    /** TA_OpenersFirst: the other peer, punching too, sent its openers first. */
    private boolean openersFirst(String p) {
        Attempt q = attempts.get(other(p));
        return !q.open || q.openersSent;
    }

    /** TA_OpenersFirst and TA_RoundsInStep: round n+1 never before the other's round n. */
    boolean isRoundTimely(String p, int round) {
        Attempt a = attempts.get(p);
        Attempt q = attempts.get(other(p));
        a.rounds = round;
        boolean inStep = !q.open || !(q.strategy.equals("direct") || q.strategy.equals("lan")) || round - 1 + a.lag <= q.rounds + q.lag;
        return openersFirst(p) && inStep;
    }

    boolean isProbeTimely(String p) {
        attempts.get(p).probes++;
        return openersFirst(p);
    }

    /** TA_RoundsInStep for the last round, TA_OpenerOutlastsProbes for the Hard side. */
    boolean isGiveUpTimely(String p, long time) {
        Attempt a = attempts.get(p);
        Attempt q = attempts.get(other(p));
        a.open = false;
        gaveUpAt.put(p, time);
        if (a.strategy.equals("open")) {
            return !q.open || q.probes >= probeBudget;
        }
        boolean qDirect = q.open && (q.strategy.equals("direct") || q.strategy.equals("lan"));
        return !qDirect || a.rounds + a.lag <= q.rounds + q.lag;
    }

    /** The attempt ended with a path, or the link fell back (the attempt is forgotten). */
    void ended(String p) {
        attempts.get(p).open = false;
    }
}
