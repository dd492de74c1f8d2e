package org.ptpmesh.conformance.pcap;

/** Where checks put what they find, addressed by the datagram's position in the capture. */
interface FindingSink {

    void violation(int index, Finding finding);

    void note(int index, String note);
}
