package org.ptpmesh.node;

/**
 * Why a node refused a datagram. Each node has its own enum of reasons; {@link RefusedDatagram}
 * covers what the codec and the receiver rules refuse before any node looks at it.
 */
public interface DropReason {

    /**
     * The snake_case key the reason is counted under: what {@code ptpserver stats}, the
     * analytics database and the docs show, so it never changes once released.
     */
    String label();
}
