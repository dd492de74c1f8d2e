package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.ptpmesh.net.LocalAddresses;

/** Free UDP ports on loopback addresses for a case's roles. */
final class LoopbackPorts {

    private static final int ATTEMPTS = 50;

    private LoopbackPorts() {
    }

    static int free(InetAddress address) {
        return LocalAddresses.freeUdpPort(address);
    }

    /** A free port whose successor is free too: an introducer sends TEST from its port + 1. */
    static int freePair(InetAddress address) {
        for (int i = 0; i < ATTEMPTS; i++) {
            int p = free(address);
            if (p < 65535 && isFree(address, p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no two consecutive free UDP ports on " + address.getHostAddress());
    }

    private static boolean isFree(InetAddress address, int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
