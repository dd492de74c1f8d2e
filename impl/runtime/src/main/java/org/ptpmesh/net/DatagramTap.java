package org.ptpmesh.net;

import org.ptpmesh.wire.Endpoint;

/** Sees every datagram the runtime receives and sends (for --hexdump); called on the loop thread. */
public interface DatagramTap {

    DatagramTap NONE = new DatagramTap() {
    };

    default void received(int localPort, Endpoint from, byte[] data) {
    }

    default void sent(int localPort, Endpoint to, byte[] data) {
    }
}
