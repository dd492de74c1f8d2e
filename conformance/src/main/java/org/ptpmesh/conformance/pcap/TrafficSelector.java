package org.ptpmesh.conformance.pcap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.portmap.PortMapDefaults;
import org.ptpmesh.wire.Endpoint;

/**
 * Picks ptpmesh's datagrams out of all the UDP in a capture: those to or from a configured port,
 * and (when following) those to or from an endpoint already seen in ptpmesh traffic, since
 * clients probe each other from the ephemeral ports they registered from, and a peer's PCP and
 * NAT-PMP exchanges with its gateway's port 5351 (checked by their own RFCs' rules,
 * {@link PortMappingCheck}). STUN messages are left aside wherever they are.
 */
final class TrafficSelector {

    private final Set<Integer> ports;
    private final boolean follow;
    private final Set<Endpoint> known = new HashSet<>();

    TrafficSelector(ValidationOptions options) {
        this.ports = options.ports();
        this.follow = options.followEndpoints();
    }

    List<CapturedDatagram> select(List<CapturedDatagram> udp) {
        List<CapturedDatagram> out = new ArrayList<>();
        for (CapturedDatagram d : udp) {
            if (isStun(d.payload())) {
                continue;
            }
            if (isPortMapping(d)) {
                out.add(d);
                continue;
            }
            boolean byPort = ports.contains(d.source().port()) || ports.contains(d.destination().port());
            boolean byEndpoint = follow && (known.contains(d.source()) || known.contains(d.destination()));
            if (byPort || byEndpoint) {
                out.add(d);
                if (follow) {
                    known.add(d.source());
                    known.add(d.destination());
                }
            }
        }
        return out;
    }

    /** To or from the port PCP and NAT-PMP servers listen on. */
    static boolean isPortMapping(CapturedDatagram d) {
        return d.source().port() == PortMapDefaults.GATEWAY_PORT || d.destination().port() == PortMapDefaults.GATEWAY_PORT;
    }

    /**
     * A STUN message (RFC 5389: two zero bits, a length that fits, the magic cookie 0x2112A442):
     * clients ask STUN servers from the very socket they speak ptpmesh on.
     */
    static boolean isStun(byte[] p) {
        return p.length >= 20 && (p[0] & 0xC0) == 0 && ((p[2] & 0xFF) << 8 | (p[3] & 0xFF)) + 20 == p.length
                && (p[4] & 0xFF) == 0x21 && (p[5] & 0xFF) == 0x12 && (p[6] & 0xFF) == 0xA4 && (p[7] & 0xFF) == 0x42;
    }
}
