package org.ptpmesh.transfer;

/** The sender's object, read block by block (from memory, or from a file in the CLI). */
public interface BlockSource {

    long size();

    /**
     * Copies {@code length} bytes from {@code position} of the object into {@code into[0..]}.
     *
     * @throws TransferStorageException when the bytes cannot be read
     */
    void read(long position, byte[] into, int length);
}
