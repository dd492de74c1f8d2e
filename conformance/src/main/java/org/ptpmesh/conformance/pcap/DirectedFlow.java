package org.ptpmesh.conformance.pcap;

import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.wire.Endpoint;

/** One direction of a UDP conversation, as the capture saw the addresses. */
record DirectedFlow(Endpoint from, Endpoint to) {

    static DirectedFlow of(CapturedDatagram d) {
        return new DirectedFlow(d.source(), d.destination());
    }

    DirectedFlow reverse() {
        return new DirectedFlow(to, from);
    }

    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
