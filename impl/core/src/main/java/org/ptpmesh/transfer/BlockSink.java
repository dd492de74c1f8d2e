package org.ptpmesh.transfer;

import java.util.BitSet;

/**
 * Where a receiver puts the blocks of one object. A sink may already hold blocks from an
 * earlier attempt (a journal survived a restart): the receiver asks only for the others.
 * Every method may throw {@link TransferStorageException}; the receiver then stops the transfer.
 */
public interface BlockSink {

    /** The blocks already stored (from an earlier attempt): a copy the receiver keeps as its own. */
    BitSet stored();

    /** Stores one block; the receiver calls this at most once per block. */
    void write(int block, byte[] data, int off, int len);

    /** With every block stored: whether the object's SHA-256 is {@code expected}. */
    boolean verify(byte[] expected);

    /** The verified object goes into place; the sink is finished. */
    void commit();

    /** The transfer stopped short: keep what arrived so a later attempt can resume. */
    void suspend();

    /** The object is bad (integrity failure): drop what arrived. */
    void discard();
}
