package org.ptpmesh.wire.list;

import java.util.Arrays;
import java.util.Objects;
import org.ptpmesh.wire.Endpoint;

/**
 * One client in a published list: its external address, and when known its LAN address (sent
 * only to clients behind the same public IP), peer id, NAT type and whether it proved a key.
 *
 * @param internal null when absent
 * @param id       16-byte peer id, null when absent
 * @param nat      NAT code (0 unknown, 1 Easy, 2 Hard, 3 Static), -1 when absent
 * @param keyed    CLIENTLIST_KEYED: 1 keyed, 0 legacy, -1 when absent (docs/protocol.md 6.9)
 */
public record ClientEntry(Endpoint external, Endpoint internal, byte[] id, int nat, int keyed) {

    public ClientEntry {
        Objects.requireNonNull(external, "external");
        id = id == null ? null : id.clone();
    }

    /** An entry that says nothing of a key (no CLIENTLIST_KEYED). */
    public ClientEntry(Endpoint external, Endpoint internal, byte[] id, int nat) {
        this(external, internal, id, nat, -1);
    }

    public static ClientEntry of(Endpoint external) {
        return new ClientEntry(external, null, null, -1, -1);
    }

    @Override
    public byte[] id() {
        return id == null ? null : id.clone();
    }

    /** The same entry without what a ptptest 2014 client cannot read. */
    ClientEntry legacyView() {
        return new ClientEntry(external, internal, null, -1, -1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientEntry e && e.external.equals(external) && Objects.equals(e.internal, internal)
                && Arrays.equals(e.id, id) && e.nat == nat && e.keyed == keyed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(external, internal, Arrays.hashCode(id), nat, keyed);
    }

    @Override
    public String toString() {
        return "ClientEntry[" + external + (internal != null ? " lan " + internal : "") + (nat >= 0 ? " nat " + nat : "")
                + (keyed == 1 ? " keyed" : keyed == 0 ? " legacy" : "") + "]";
    }
}
