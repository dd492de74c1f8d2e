package org.ptpmesh.secure;

import org.ptpmesh.wire.Endpoint;

/**
 * A local port and a remote endpoint: what a session is made with and the only place its sealed
 * datagrams are taken from. A peer punching from many ports (the birthday strategy) has a
 * session per port, and a sealed datagram replayed from another address opens nothing there.
 */
record Route(int localPort, Endpoint endpoint) {
}
