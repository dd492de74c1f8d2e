package org.ptpmesh.conformance.pcap;

/**
 * One reason a captured datagram breaks the protocol. {@code code} is stable for tools (the
 * decoder's error codes, the receiver rules' violation codes ({@code ReceiverRules}), or a flow check's code);
 * {@code detail} is a sentence for people.
 */
public record Finding(String code, String detail) {

    @Override
    public String toString() {
        return code + ": " + detail;
    }
}
