package org.ptpmesh.sim;

import java.util.ArrayList;
import java.util.List;

/** Remembers every drop with its reason and place, so a test can say where a datagram died. */
final class DropLog implements PacketListener {

    record Drop(long id, NetworkDropReason reason, String where, int ttl) {
    }

    final List<Drop> drops = new ArrayList<>();

    @Override
    public void dropped(PacketInfo packet, NetworkDropReason reason, String where) {
        drops.add(new Drop(packet.id(), reason, where, packet.ttl()));
    }

    List<Drop> of(NetworkDropReason reason) {
        return drops.stream().filter(d -> d.reason() == reason).toList();
    }
}
