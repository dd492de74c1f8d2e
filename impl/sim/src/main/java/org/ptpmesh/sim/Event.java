package org.ptpmesh.sim;

/**
 * Something that happens at one instant of virtual time. The queue orders events by time, then
 * by the sequence number it gave them, so two events at the same millisecond always run in the
 * order they were scheduled and a run never depends on hash order or thread timing.
 */
abstract class Event {

    long time;
    long sequence;

    abstract void fire();
}
