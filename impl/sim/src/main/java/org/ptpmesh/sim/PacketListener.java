package org.ptpmesh.sim;

/**
 * Watches datagrams move through the simulated network, for tests that must see why a datagram
 * did not arrive and where. Called synchronously from the event loop; keep it cheap.
 */
public interface PacketListener {

    default void sent(PacketInfo packet, String host) {
    }

    default void delivered(PacketInfo packet, String host) {
    }

    /** {@code where} names the link, router or host that dropped it. */
    default void dropped(PacketInfo packet, NetworkDropReason reason, String where) {
    }
}
