package org.ptpmesh.pcap;

import org.ptpmesh.wire.Endpoint;

/** One UDP payload found in a capture: frame number (from 1), capture time, addresses, bytes. */
public record CapturedDatagram(long frame, long timestampMicros, Endpoint source, Endpoint destination, byte[] payload) {
}
