package org.ptpmesh.rendezvous;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListPager.Audience;

/**
 * Which clients one client is told about, and how (docs/protocol.md 6.1): every other client,
 * with its LAN address only when both sit behind the same public IP (routers rarely hairpin),
 * with peer id, NAT type and whether it is keyed for ptpmesh clients (the pager strips them for
 * ptptest ones). A dual-stack server lists both families to ptpmesh clients, and to a ptptest
 * client only the clients of its own family.
 *
 * <p>With a list limit of k, a client is told about the k clients around it in join order (half
 * before, half after, wrapping), so with an even k lists are symmetric: if A lists B, B lists A.
 * The clients whose list names X are then X's own neighbourhood with the halves swapped
 * ({@link #forEachListing}): a join, a move or a departure changes the lists of those k clients
 * only, whatever the number registered.
 */
final class ListComposer {

    private ListComposer() {
    }

    static List<ClientEntry> entriesFor(Registry registry, RegisteredClient addressee, int limit) {
        List<ClientEntry> out = new ArrayList<>(limit == 0 ? registry.size() - 1 : Math.min(limit, registry.size() - 1));
        // a ptptest 2014 client cannot reach the other family, and mis-decodes IPv6 addresses
        boolean oneFamily = addressee.audience() == Audience.PTPTEST;
        registry.forEachAround(addressee, before(registry, limit), after(registry, limit), other -> {
            if (!oneFamily || other.external().isIpv4() == addressee.external().isIpv4()) {
                out.add(entry(other, addressee));
            }
        });
        return out;
    }

    /** Visits every client whose list names {@code c}. */
    static void forEachListing(Registry registry, RegisteredClient c, int limit,
                               java.util.function.Consumer<RegisteredClient> visit) {
        registry.forEachAround(c, after(registry, limit), before(registry, limit), visit);
    }

    private static int before(Registry registry, int limit) {
        return limit == 0 ? registry.size() : limit / 2;
    }

    private static int after(Registry registry, int limit) {
        return limit == 0 ? registry.size() : limit - limit / 2;
    }

    private static ClientEntry entry(RegisteredClient other, RegisteredClient addressee) {
        boolean samePublicIp = other.external().address().equals(addressee.external().address());
        return new ClientEntry(other.listedAt(), samePublicIp ? other.internal() : null, other.id().bytes(),
                Math.max(0, other.nat()), other.keyed() ? 1 : 0);
    }
}
