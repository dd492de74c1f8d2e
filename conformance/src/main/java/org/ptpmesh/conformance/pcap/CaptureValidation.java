package org.ptpmesh.conformance.pcap;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the validator concluded about one capture file: a verdict per ptpmesh datagram,
 * and how many UDP datagrams it left aside as not ptpmesh traffic.
 */
public record CaptureValidation(Path file, List<PacketVerdict> packets, int otherUdp) {

    public CaptureValidation {
        packets = List.copyOf(packets);
    }

    public long violations() {
        return packets.stream().filter(p -> !p.valid()).count();
    }

    public boolean valid() {
        return violations() == 0;
    }
}
