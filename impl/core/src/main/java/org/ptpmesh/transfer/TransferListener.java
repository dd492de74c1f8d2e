package org.ptpmesh.transfer;

/** What an application hears about its transfers; called on the thread that drives the endpoint. */
public interface TransferListener {

    TransferListener NONE = report -> { };

    /** New blocks went out (sender) or were stored (receiver): {@code done} of {@code size} object bytes. */
    default void progress(long xferId, String name, long done, long size, long now) {
    }

    /** A transfer ended, either way. */
    void finished(TransferReport report);

    /**
     * An offer pushed by {@code from} was refused ({@code reason}: the file exists, no space, a bad
     * name) and answered with DONE: no transfer was started, so none ends.
     */
    default void refused(Offer offer, Route from, String reason, long now) {
    }
}
