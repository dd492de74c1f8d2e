package org.ptpmesh.rendezvous;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The registered clients by id, in the order they joined (a stable order, so a limited list
 * shows each client the same neighbours from one publication to the next), and in the order they
 * were last heard from (so a purge looks only at the silent ones, however many are registered).
 * Bounded by {@code maxClients}.
 */
public final class Registry {

    /** What a registration did. */
    public enum Outcome {
        JOINED, MOVED, REFRESHED, FULL;

        /** The name trace events carry. */
        final String traceName = name().toLowerCase(java.util.Locale.ROOT);
    }

    private final int maxClients;
    private final Map<ClientId, RegisteredClient> byId = new HashMap<>(1024);
    private final TreeMap<Long, RegisteredClient> byJoin = new TreeMap<>();
    /** Least recently heard first: a client heard from moves to the end. */
    private final LinkedHashMap<ClientId, RegisteredClient> bySilence = new LinkedHashMap<>(1024, 0.75f, true);
    private long joins;
    /** Clients by the NAT code they reported, kept as they come and go: counting them all at each snapshot would cost O(clients). */
    private final Map<Integer, Long> byNat = new TreeMap<>();

    public Registry(int maxClients) {
        this.maxClients = maxClients;
    }

    /** Applies {@code r}, proven to come from where it says, to client {@code id}. */
    Outcome register(ClientId id, RegisterRequest r, long now) {
        RegisteredClient c = byId.get(id);
        if (c == null) {
            if (byId.size() >= maxClients) {
                return Outcome.FULL;
            }
            c = new RegisteredClient(id, r, now, joins++);
            c.refresh(r, now);
            countNat(c.nat(), 1);
            byId.put(id, c);
            byJoin.put(c.joinOrder(), c);
            bySilence.put(id, c);
            return Outcome.JOINED;
        }
        bySilence.get(id);
        int before = c.nat();
        boolean moved = c.refresh(r, now);
        countNat(before, -1);
        countNat(c.nat(), 1);
        return moved ? Outcome.MOVED : Outcome.REFRESHED;
    }

    /** The client, or null; looking does not count as hearing from it. */
    public RegisteredClient get(ClientId id) {
        return byId.get(id);
    }

    /** The client, marking it heard from at {@code now}. */
    public RegisteredClient heard(ClientId id, long now) {
        RegisteredClient c = bySilence.get(id);
        if (c != null) {
            c.heard(now);
        }
        return c;
    }

    public RegisteredClient remove(ClientId id) {
        RegisteredClient c = byId.remove(id);
        if (c != null) {
            byJoin.remove(c.joinOrder());
            bySilence.remove(id);
            countNat(c.nat(), -1);
        }
        return c;
    }

    /** Every registered client counted by the NAT code it reported (-1: none); a copy. */
    public Map<Integer, Long> countByNat() {
        return Map.copyOf(byNat);
    }

    private void countNat(int nat, long delta) {
        // a count that reaches zero goes: a code no client reports any more is not listed
        byNat.merge(nat, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /**
     * Every client last heard from before {@code now - silence}, least recently heard first;
     * only those are looked at, however many are registered.
     */
    public List<RegisteredClient> silent(long now, long silence) {
        List<RegisteredClient> out = new ArrayList<>();
        for (RegisteredClient c : bySilence.values()) {
            if (now - c.lastSeen() <= silence) {
                break;
            }
            out.add(c);
        }
        return out;
    }

    /**
     * Visits the {@code before} clients that joined before {@code c} and the {@code after} that
     * joined after it, nearest first, the join order wrapping around, each at most once and never
     * {@code c} itself: its neighbourhood (every other client when there are too few).
     */
    public void forEachAround(RegisteredClient c, int before, int after, Consumer<RegisteredClient> visit) {
        int others = byId.size() - 1;
        if (before + after >= others) {
            for (RegisteredClient o : byJoin.values()) {
                if (o != c) {
                    visit.accept(o);
                }
            }
            return;
        }
        walk(byJoin.headMap(c.joinOrder(), false).descendingMap(), byJoin.descendingMap(), before, visit);
        walk(byJoin.tailMap(c.joinOrder(), false), byJoin, after, visit);
    }

    /** Visits {@code n} clients of {@code first}, then of {@code wrapped} from its start. */
    private static void walk(NavigableMap<Long, RegisteredClient> first, NavigableMap<Long, RegisteredClient> wrapped, int n,
                             Consumer<RegisteredClient> visit) {
        int left = n;
        for (RegisteredClient o : first.values()) {
            if (left-- == 0) {
                return;
            }
            visit.accept(o);
        }
        for (RegisteredClient o : wrapped.values()) {
            if (left-- <= 0) {
                return;
            }
            visit.accept(o);
        }
    }

    public int size() {
        return byId.size();
    }

    /** Every client, in join order. */
    public Collection<RegisteredClient> all() {
        return Collections.unmodifiableCollection(byJoin.values());
    }
}
