package org.ptpmesh.peer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.sim.PacketInfo;
import org.ptpmesh.sim.PacketListener;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/**
 * What two peers of a mesh send on the simulated wire, as it leaves their hosts: the kinds by
 * count, and the datagrams themselves, for a test to replay. Keeps every datagram; for short runs.
 */
final class KeyedWire implements PacketListener {

    /** One datagram as it left its host. */
    record Sent(String host, Endpoint destination, MessageKind kind, byte[] bytes) {
    }

    private final Set<String> hosts;
    private final Map<MessageKind, Integer> kinds = new EnumMap<>(MessageKind.class);
    final List<Sent> sent = new ArrayList<>();
    private final DecodedDatagram decoder = new DecodedDatagram();

    private KeyedWire(Set<String> hosts) {
        this.hosts = hosts;
    }

    /** Watches what the hosts named {@code hosts} send, from now on. */
    static KeyedWire watch(Mesh mesh, String... hosts) {
        KeyedWire wire = new KeyedWire(Set.of(hosts));
        mesh.simulation().addPacketListener(wire);
        return wire;
    }

    @Override
    public void sent(PacketInfo packet, String host) {
        if (!hosts.contains(host)) {
            return;
        }
        byte[] bytes = packet.copyOfPayload();
        decoder.decode(bytes);
        MessageKind kind = decoder.error() == null ? MessageKind.fromCode(decoder.kindCode()) : null;
        if (kind != null) {
            kinds.merge(kind, 1, Integer::sum);
            sent.add(new Sent(host, packet.destination(), kind, bytes));
        }
    }

    /** Datagrams of {@code kind} sent plain (or, for SEALED and handshakes, sent at all). */
    int count(MessageKind kind) {
        return kinds.getOrDefault(kind, 0);
    }

    /** The datagrams of {@code kind} {@code host} sent to the IP {@code to}, oldest first. */
    List<Sent> of(String host, MessageKind kind, InetAddress to) {
        return sent.stream().filter(s -> s.host.equals(host) && s.kind == kind && s.destination.address().equals(to)).toList();
    }
}
