package org.ptpmesh.transfer;

/** A block could not be read or stored (a file vanished, a disk filled up). */
public final class TransferStorageException extends RuntimeException {

    public TransferStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
