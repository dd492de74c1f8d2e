package org.ptpmesh.node;

/**
 * Names one timer of a node. Each node defines its own keys as records or enum constants, so a
 * key carries what the timer is about (the peer it retries, the transfer it ticks) as typed fields
 * the node reads back without parsing. Keys must implement {@code equals} and {@code hashCode} by
 * value (records and enums do): setting a key equal to a pending one replaces that timer.
 */
public interface TimerKey {
}
