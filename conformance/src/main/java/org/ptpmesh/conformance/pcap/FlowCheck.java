package org.ptpmesh.conformance.pcap;

/**
 * A check across datagrams (docs/conformance.md, "Flow checks"). It sees every well-formed
 * ptpmesh datagram in capture order, then the end of the capture.
 */
interface FlowCheck {

    void observe(Observed packet, FindingSink sink);

    /** The capture ended at {@code endMicros}: report what was left open. */
    default void finish(long endMicros, FindingSink sink) {
    }
}
