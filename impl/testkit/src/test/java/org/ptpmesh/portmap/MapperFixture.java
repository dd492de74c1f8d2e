package org.ptpmesh.portmap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.ptpmesh.trace.Tracer;

/** The mapper the PortMapper tests drive: one gateway, one LAN address, one port, one nonce, and what it tells its owner. */
final class MapperFixture {

    static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static final int PORT = 40000;
    static final InetAddress GATEWAY = address("10.1.0.1");
    static final InetAddress LAN = address("10.1.0.10");
    static final InetAddress WAN = address("198.51.100.7");

    private MapperFixture() {
    }

    /**
     * A mapper whose owner writes what it is told into {@code told}, one line each, in order:
     * "mapped PROTOCOL EXTERNAL LIFETIME", "lost WHY", "unavailable WHY".
     */
    static PortMapper mapper(List<String> told) {
        return new PortMapper(GATEWAY, LAN, PORT, NONCE, new PortMapListener() {
            @Override
            public void mapped(PortMapping mapping, long now) {
                told.add("mapped " + mapping.protocol().label() + " " + mapping.external() + " " + mapping.lifetimeSeconds());
            }

            @Override
            public void lost(String why, long now) {
                told.add("lost " + why);
            }

            @Override
            public void unavailable(String why, long now) {
                told.add("unavailable " + why);
            }
        }, new Tracer("peer", s -> { }));
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
