package org.ptpmesh.conformance.interop;

import java.util.List;
import java.nio.file.Path;
import org.ptpmesh.conformance.pcap.ValidationOptions;

/**
 * The network one case runs on (loopback, or a NAT lab built for it): where its roles go, and
 * what it recorded. Closing it stops the captures (and anything else it runs) and tears it down;
 * the runner closes it after every role has stopped.
 */
interface CaseNetwork extends AutoCloseable {

    CasePlan plan();

    /** The pcap files it records (empty without capture); valid once closed. */
    List<Path> captures();

    /** How its captures are validated (which ports are ptpmesh's). */
    ValidationOptions validation();

    /** What it did besides carrying datagrams, for the matrix (e.g. what a loss relay dropped); may be empty. */
    String summary();

    @Override
    void close() throws InterruptedException;
}
