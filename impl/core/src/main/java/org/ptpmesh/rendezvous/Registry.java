package org.ptpmesh.rendezvous;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.list.ClientListPager.Audience;

/**
 * The registered clients by id, in the order they joined (a stable order, so a limited list
 * shows each client the same neighbours from one publication to the next). Bounded by
 * {@code maxClients}.
 */
public final class Registry {

    /** What a registration did. */
    public enum Outcome {
        JOINED, MOVED, REFRESHED, FULL;

        /** The name trace events carry. */
        final String traceName = name().toLowerCase(java.util.Locale.ROOT);
    }

    private final int maxClients;
    private final LinkedHashMap<ClientId, RegisteredClient> clients = new LinkedHashMap<>(1024);

    public Registry(int maxClients) {
        this.maxClients = maxClients;
    }

    public Outcome register(ClientId id, Audience audience, Endpoint external, Endpoint internal, int nat, long now) {
        RegisteredClient c = clients.get(id);
        if (c == null) {
            if (clients.size() >= maxClients) {
                return Outcome.FULL;
            }
            c = new RegisteredClient(id, audience, external, internal, nat, now);
            c.refresh(audience, external, internal, nat, now);
            clients.put(id, c);
            return Outcome.JOINED;
        }
        return c.refresh(audience, external, internal, nat, now) ? Outcome.MOVED : Outcome.REFRESHED;
    }

    /** The client, or null; looking does not count as hearing from it. */
    public RegisteredClient get(ClientId id) {
        return clients.get(id);
    }

    /** The client, marking it heard from at {@code now}. */
    public RegisteredClient heard(ClientId id, long now) {
        RegisteredClient c = clients.get(id);
        if (c != null) {
            c.heard(now);
        }
        return c;
    }

    public RegisteredClient remove(ClientId id) {
        return clients.remove(id);
    }

    /** Removes and returns every client last heard from before {@code now - silence}. */
    public List<RegisteredClient> purge(long now, long silence) {
        List<RegisteredClient> purged = new ArrayList<>();
        Iterator<RegisteredClient> it = clients.values().iterator();
        while (it.hasNext()) {
            RegisteredClient c = it.next();
            if (now - c.lastSeen() > silence) {
                it.remove();
                purged.add(c);
            }
        }
        return purged;
    }

    public int size() {
        return clients.size();
    }

    /** Every client, in join order. */
    public Collection<RegisteredClient> all() {
        return Collections.unmodifiableCollection(clients.values());
    }
}
