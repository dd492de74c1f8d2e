package org.ptpmesh.portmap;

import java.net.InetAddress;

/** What a gateway's answer on port 5351 says, decoded by {@link PcpMessages} or {@link NatPmpMessages}. */
public sealed interface MappingReply {

    /** The gateway maps {@code externalPort} to ours for {@code lifetimeSeconds}; PCP also names the address. */
    record Granted(int internalPort, int externalPort, long lifetimeSeconds, InetAddress externalAddress) implements MappingReply {
    }

    /** NAT-PMP's answer to "what is your external address". */
    record ExternalAddress(InetAddress address) implements MappingReply {
    }

    /** The gateway refused, with the protocol's result code and its RFC name. */
    record Refused(int resultCode, String reason) implements MappingReply {
    }

    /** The gateway speaks another version: a NAT-PMP server answering a PCP request, or the reverse. */
    record OtherVersion(int version) implements MappingReply {
    }

    /** Not a well-formed answer to a request of ours: dropped and counted. */
    record Malformed(String problem) implements MappingReply {
    }
}
