package org.ptpmesh.transfer;

/**
 * How one transfer went, for either end: what it was, how it ended, and what it cost.
 *
 * @param size                the object's size; -1 when no OFFER came (a FETCH refused or unanswered)
 * @param bytes               object bytes this end moved (blocks served, or new blocks stored)
 * @param blocks              blocks served (sender) or newly stored (receiver)
 * @param retransmittedBlocks blocks served more than once (sender) or re-requested (receiver)
 * @param duplicateBlocks     blocks that arrived again after they were stored (receiver)
 * @param detail              for people: why it failed, or where the object went
 */
public record TransferReport(long xferId, String name, Role role, Outcome outcome, long size, long bytes,
                             long startedAt, long endedAt, long blocks, long retransmittedBlocks,
                             long duplicateBlocks, String detail) {

    public enum Role { SENDER, RECEIVER }

    public enum Outcome {
        /** The receiver holds the object and its SHA-256 matched. */
        COMPLETE,
        /** The receiver had this exact object already. */
        ALREADY_PRESENT,
        /** The receiver refused the offer (an existing file, no space, a bad name). */
        REFUSED,
        /** Retries ran out (receiver), or the receiver said so (sender). */
        GAVE_UP,
        /** The assembled object did not match its SHA-256. */
        INTEGRITY_FAILURE,
        /** The other end cancelled, or forgot the transfer. */
        CANCELLED,
        /** A FETCH was answered by CANCEL OBJECT_UNAVAILABLE: the sender has no object of that name. */
        OBJECT_UNAVAILABLE,
        /** The sender heard nothing for the idle timeout and forgot the transfer. */
        FORGOTTEN,
        /** A block could not be read or stored. */
        STORAGE_ERROR;

        public boolean succeeded() {
            return this == COMPLETE || this == ALREADY_PRESENT;
        }
    }

    public long millis() {
        return Math.max(0, endedAt - startedAt);
    }

    /** Object bytes per second over the whole transfer; 0 for an instant one. */
    public double goodputBytesPerSecond() {
        return millis() == 0 ? 0 : bytes * 1000.0 / millis();
    }
}
