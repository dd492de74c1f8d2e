package org.ptpmesh.portmap.upnp;

import java.io.IOException;

/** Why a UPnP step failed, typed so the outcome says what went wrong without a stack trace. */
public final class UpnpException extends IOException {

    public enum Kind {
        /** No IGD answered the search, or its HTTP server did not answer in time. */
        NO_ANSWER,
        /** A LOCATION or control URL named another host than the gateway: refused, never fetched. */
        FOREIGN_HOST,
        /** A body over its named limit ({@link UpnpLimits}). */
        TOO_LARGE,
        /** Not well-formed XML, or not the document expected. */
        MALFORMED,
        /** The device describes no WANIPConnection or WANPPPConnection service. */
        NO_SERVICE,
        /** The IGD answered with a UPnP error ({@link #upnpError}). */
        REFUSED,
        /** An HTTP status other than 200 (or 500 with a SOAP fault). */
        HTTP_STATUS
    }

    private final Kind kind;
    private final int upnpError;

    public UpnpException(Kind kind, String message) {
        this(kind, message, -1, null);
    }

    public UpnpException(Kind kind, String message, Throwable cause) {
        this(kind, message, -1, cause);
    }

    /** An IGD's refusal: its UPnPError code (718 ConflictInMappingEntry, 725 OnlyPermanentLeasesSupported, ...). */
    public static UpnpException refused(int upnpError, String description) {
        return new UpnpException(Kind.REFUSED, "refused, " + description + " (" + upnpError + ")", upnpError, null);
    }

    private UpnpException(Kind kind, String message, int upnpError, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.upnpError = upnpError;
    }

    public Kind kind() {
        return kind;
    }

    /** The UPnPError code of a {@link Kind#REFUSED}, else -1. */
    public int upnpError() {
        return upnpError;
    }
}
