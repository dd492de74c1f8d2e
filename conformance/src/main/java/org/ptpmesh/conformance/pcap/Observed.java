package org.ptpmesh.conformance.pcap;

import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.wire.Message;

/** A well-formed captured datagram handed to the flow checks; {@code index} is its verdict's position. */
record Observed(int index, CapturedDatagram datagram, Message message) {
}
