package org.ptpmesh.identity;

/** An identity file that cannot be used, with a message that says what to do about it. */
public final class IdentityException extends Exception {

    /** What is wrong with the file. */
    public enum Reason {
        /** Group or others have some access to it: the key may have leaked or been replaced. */
        EXPOSED,
        /** Owned by another user, who could have replaced or read it. */
        FOREIGN,
        /** Not an identity file, or cut short. */
        MALFORMED,
        /** Not a regular file, on a file system without POSIX permissions, or unreadable or unwritable. */
        UNUSABLE
    }

    private final Reason reason;

    IdentityException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    IdentityException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
