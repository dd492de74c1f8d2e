package org.ptpmesh.rendezvous;

/**
 * What the server tells the outside world (the analytics store, the console UI) as it happens.
 * Called on the event loop thread: implementations hand work off and return at once.
 */
public interface RendezvousListener {

    /** Why a client left the registry. */
    enum Departure { SHUTDOWN, PURGED }

    RendezvousListener NONE = new RendezvousListener() {
    };

    default void joined(RegisteredClient client, long now) {
    }

    /** A registered client registered again from another address, or with another NAT type. */
    default void moved(RegisteredClient client, long now) {
    }

    default void left(RegisteredClient client, Departure why, long now) {
    }

    /**
     * A registered client was heard from again: a registration that changed nothing, or an echo
     * of a list. Called for every such datagram; a listener that stores it coalesces.
     */
    default void heard(RegisteredClient client, long now) {
    }

    /** The server measured its round-trip time to a client: a list sent, its echo received ({@code heard} follows). */
    default void measured(RegisteredClient client, long rttMillis, long now) {
    }

    /** A client's META value, as received (ASCII JSON). */
    default void reported(RegisteredClient client, String metaJson, long now) {
    }
}
