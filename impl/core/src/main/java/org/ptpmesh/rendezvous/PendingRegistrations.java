package org.ptpmesh.rendezvous;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;

/**
 * Registrations from addresses not validated yet, waiting for the echo of their cookie, and
 * addresses whose cookie came back after their registration was forgotten. Both tables are
 * bounded and forget the oldest first: a flood of forged registrations can push an honest one
 * out of the first, but not out of the second, which only a real round trip fills; the client's
 * next registration then joins without another challenge.
 */
final class PendingRegistrations {

    private final Map<ClientId, RegisterRequest> pending;
    private final Map<ClientId, Endpoint> proven;

    PendingRegistrations(int max) {
        this.pending = bounded(max);
        this.proven = bounded(max);
    }

    private static <V> Map<ClientId, V> bounded(int max) {
        return new LinkedHashMap<>(1024) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ClientId, V> eldest) {
                return size() > max;
            }
        };
    }

    void challenged(ClientId id, RegisterRequest p) {
        pending.remove(id);
        pending.put(id, p);
    }

    /** The registration {@code from} made for {@code id}, removed; null if there is none. */
    RegisterRequest takePending(ClientId id, Endpoint from) {
        RegisterRequest p = pending.get(id);
        if (p == null || !p.from().equals(from)) {
            return null;
        }
        pending.remove(id);
        return p;
    }

    /** {@code from} echoed its cookie for {@code id} but its registration was forgotten. */
    void proven(ClientId id, Endpoint from) {
        proven.remove(id);
        proven.put(id, from);
    }

    /** Whether {@code from} proved it is where {@code id} registers from; forgets it if so. */
    boolean takeProven(ClientId id, Endpoint from) {
        return from.equals(proven.get(id)) && proven.remove(id) != null;
    }

    int size() {
        return pending.size() + proven.size();
    }
}
