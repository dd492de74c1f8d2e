package org.ptpmesh.rendezvous;

import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.list.ClientListPager.Audience;

/**
 * What the server knows about one registered client. Mutable, owned by the event loop.
 */
public final class RegisteredClient {

    private final ClientId id;
    /** The id as sent in every reply; kept so that an echo does not rebuild it. */
    private final byte[] idBytes;
    private Audience audience;
    private Endpoint external;
    private Endpoint internal;
    private int nat;
    private long lastSeen;
    private long registrations;
    private long rttMillis = -1;
    /** The UPNP value of its latest registration, -1 when it carried none. */
    private int upnp = -1;
    /** Its place in the join order, which decides its neighbours in a limited list. */
    private final long joinOrder;
    /** LISTID of the last list sent to it: its own count, so it sees them grow by one. */
    private long listId;
    /** When the last list was sent to it; the announce gap counts from there. */
    private long lastListAt = Long.MIN_VALUE / 2;
    /** When its next list is due ({@link PublicationSchedule}). */
    long dueAt;

    RegisteredClient(ClientId id, Audience audience, Endpoint external, Endpoint internal, int nat, long now, long joinOrder) {
        this.id = id;
        this.joinOrder = joinOrder;
        this.idBytes = id.bytes();
        this.audience = audience;
        this.external = external;
        this.internal = internal;
        this.nat = nat;
        this.lastSeen = now;
    }

    public ClientId id() {
        return id;
    }

    byte[] idBytes() {
        return idBytes;
    }

    /**
     * PTPMESH for a client whose latest registration carried MSGKIND or the ptpmesh marker in
     * META, PTPTEST for ptptest 2014's registrations.
     */
    public Audience audience() {
        return audience;
    }

    /** The address the server sees its datagrams come from. */
    public Endpoint external() {
        return external;
    }

    /** The address it says it has (PTPADDR). */
    public Endpoint internal() {
        return internal;
    }

    /** NAT code it reported (0 unknown, 1 Easy, 2 Hard, 3 Static), -1 if it did not say. */
    public int nat() {
        return nat;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public long registrations() {
        return registrations;
    }

    /** Server-to-client round-trip time of the last echoed list, -1 before the first. */
    public long rttMillis() {
        return rttMillis;
    }

    /**
     * Records a registration; true when its addresses or NAT type changed (the others must hear of
     * it). A registration without NAT ({@code newNat} -1: ptptest 2014's shape, which a ptpmesh
     * client goes back to when its server was silent) leaves the known NAT type as it is.
     */
    boolean refresh(Audience newAudience, Endpoint newExternal, Endpoint newInternal, int newNat, long now) {
        int knownNat = newNat < 0 ? nat : newNat;
        boolean moved = !newExternal.equals(external) || !newInternal.equals(internal) || knownNat != nat;
        audience = newAudience;
        external = newExternal;
        internal = newInternal;
        nat = knownNat;
        lastSeen = now;
        registrations++;
        return moved;
    }

    long joinOrder() {
        return joinOrder;
    }

    /** The LISTID of a new list to it: one more than the last, wrapping at 2^32. */
    long nextListId(long now) {
        listId = (listId + 1) & 0xFFFF_FFFFL;
        lastListAt = now;
        return listId;
    }

    long lastListAt() {
        return lastListAt;
    }

    void heard(long now) {
        lastSeen = now;
    }

    /**
     * Whether its latest registration said it mapped its port by UPnP (UPNP: 0 no, else yes), -1
     * when it did not say: the server only reports it, it cannot see a mapping.
     */
    public int upnp() {
        return upnp;
    }

    void upnp(int value) {
        upnp = value;
    }

    void rtt(long millis) {
        rttMillis = millis;
    }
}
