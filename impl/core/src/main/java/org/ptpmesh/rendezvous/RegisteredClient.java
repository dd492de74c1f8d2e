package org.ptpmesh.rendezvous;

import java.util.Objects;
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
    /** The port its gateway forwards to it, on {@link #external}'s IP: where it is listed; null when none. */
    private Endpoint mapped;
    /** Its place in the join order, which decides its neighbours in a limited list. */
    private final long joinOrder;
    /** LISTID of the last list sent to it: its own count, so it sees them grow by one. */
    private long listId;
    /** When the last list was sent to it; the announce gap counts from there. */
    private long lastListAt = Long.MIN_VALUE / 2;
    /** When its next list is due ({@link PublicationSchedule}). */
    long dueAt;
    /** The key its registration is bound to (docs/protocol.md 6.9); null for a legacy client. */
    private byte[] key;

    RegisteredClient(ClientId id, RegisterRequest first, long now, long joinOrder) {
        this.id = id;
        this.joinOrder = joinOrder;
        this.idBytes = id.bytes();
        this.audience = first.audience();
        this.external = first.from();
        this.internal = first.internal();
        this.nat = first.nat();
        this.lastSeen = now;
    }

    /** Whether it registered in a sealed session, so it is bound to a key: keyed, else legacy. */
    public boolean keyed() {
        return key != null;
    }

    /** The key it is bound to, null for a legacy client. Not to be modified. */
    byte[] key() {
        return key;
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
     * Its mapped address (MAPPEDADDR, on the IP its datagrams come from) when it has one, else
     * {@link #external}: where the others are told to reach it, since anyone reaches a mapped
     * port first, where its NAT's own mapping may only answer the addresses it wrote to.
     */
    public Endpoint listedAt() {
        return mapped != null ? mapped : external;
    }

    /** The mapped address its registrations announced, null when none (or none on its own IP). */
    public Endpoint mapped() {
        return mapped;
    }

    /**
     * Records a registration; true when its addresses, NAT type, port mapping or keying changed
     * (the others must hear of it, the analytics store it). A registration without NAT ({@code nat}
     * -1: ptptest 2014's shape, which a ptpmesh client goes back to when its server was silent)
     * leaves the known NAT type as it is.
     */
    boolean refresh(RegisterRequest r, long now) {
        int knownNat = r.nat() < 0 ? nat : r.nat();
        Endpoint knownMapped = mappedAfter(r);
        // a legacy registration a key takes over changes too: the lists must now say keyed
        boolean moved = !r.from().equals(external) || !r.internal().equals(internal) || knownNat != nat
                || !Objects.equals(knownMapped, mapped) || r.upnp() != upnp || r.key() != null && key == null;
        audience = r.audience();
        external = r.from();
        internal = r.internal();
        nat = knownNat;
        mapped = knownMapped;
        upnp = r.upnp();
        if (r.key() != null) {
            // a legacy registration proven by a key becomes keyed; a keyed one never goes back,
            // since a plain message naming it is refused before it gets here
            key = r.key();
        }
        lastSeen = now;
        registrations++;
        return moved;
    }

    /**
     * The mapped address after {@code r}: its MAPPEDADDR; without one, the address known so far
     * while {@code r} still says UPNP 1 from that address's IP (ptptest 2014's shape, which a
     * ptpmesh client goes back to when its server was silent, cannot carry MAPPEDADDR); else none,
     * the mapping is gone and the client is listed where its datagrams come from again.
     */
    private Endpoint mappedAfter(RegisterRequest r) {
        if (r.mapped() != null) {
            return r.mapped();
        }
        boolean stillMapped = r.upnp() == 1 && mapped != null && mapped.address().equals(r.from().address());
        return stillMapped ? mapped : null;
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

    void rtt(long millis) {
        rttMillis = millis;
    }
}
