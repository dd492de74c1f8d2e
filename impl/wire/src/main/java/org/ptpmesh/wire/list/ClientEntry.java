package org.ptpmesh.wire.list;

import java.util.Arrays;
import java.util.Objects;
import org.ptpmesh.wire.Endpoint;

/**
 * One client in a published list: its external address, and when known its LAN address (sent
 * only to clients behind the same public IP), peer id and NAT type.
 *
 * @param internal null when absent
 * @param id       16-byte peer id, null when absent
 * @param nat      NAT code (0 unknown, 1 Easy, 2 Hard, 3 Static), -1 when absent
 */
public record ClientEntry(Endpoint external, Endpoint internal, byte[] id, int nat) {

    public ClientEntry {
        Objects.requireNonNull(external, "external");
        id = id == null ? null : id.clone();
    }

    public static ClientEntry of(Endpoint external) {
        return new ClientEntry(external, null, null, -1);
    }

    @Override
    public byte[] id() {
        return id == null ? null : id.clone();
    }

    /** The same entry without what a ptptest 2014 client cannot read. */
    ClientEntry legacyView() {
        return new ClientEntry(external, internal, null, -1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientEntry e && e.external.equals(external) && Objects.equals(e.internal, internal)
                && Arrays.equals(e.id, id) && e.nat == nat;
    }

    @Override
    public int hashCode() {
        return Objects.hash(external, internal, Arrays.hashCode(id), nat);
    }

    @Override
    public String toString() {
        return "ClientEntry[" + external + (internal != null ? " lan " + internal : "") + (nat >= 0 ? " nat " + nat : "") + "]";
    }
}
