package org.ptpmesh.rendezvous;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.wire.list.ClientEntry;

/**
 * Which clients one client is told about, and how (docs/protocol.md 6.1): every other client,
 * with its LAN address only when both sit behind the same public IP (routers rarely hairpin),
 * with peer id and NAT type for ptpmesh clients (the pager strips them for ptptest ones).
 *
 * <p>With a list limit of k, a client is told about the k clients around it in join order (half
 * before, half after, wrapping), so with an even k lists are symmetric: if A lists B, B lists A.
 */
final class ListComposer {

    private ListComposer() {
    }

    static List<ClientEntry> entriesFor(List<RegisteredClient> clients, int addresseeIndex, int limit) {
        int n = clients.size();
        RegisteredClient addressee = clients.get(addresseeIndex);
        List<ClientEntry> out = new ArrayList<>(limit == 0 ? n - 1 : Math.min(limit, n - 1));
        if (limit == 0 || limit >= n - 1) {
            for (int i = 0; i < n; i++) {
                if (i != addresseeIndex) {
                    out.add(entry(clients.get(i), addressee));
                }
            }
            return out;
        }
        int before = limit / 2;
        for (int d = -before; d <= limit - before; d++) {
            if (d != 0) {
                out.add(entry(clients.get(Math.floorMod(addresseeIndex + d, n)), addressee));
            }
        }
        return out;
    }

    private static ClientEntry entry(RegisteredClient other, RegisteredClient addressee) {
        boolean samePublicIp = other.external().address().equals(addressee.external().address());
        return new ClientEntry(other.external(), samePublicIp ? other.internal() : null, other.id().bytes(),
                Math.max(0, other.nat()));
    }
}
