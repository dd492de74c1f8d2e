package org.ptpmesh.cli;

/** What a client's registrations said of a port mapping, as the console UI and {@code ptpserver stats} show it. */
final class Mapped {

    private Mapped() {
    }

    /**
     * "yes" and the address it is listed at when its gateway forwards its port (UPNP 1, and the
     * MAPPEDADDR the server took, if any), "no" when its UPNP said no, "-" when it said nothing
     * (every ptptest 2014 client, and a ptpmesh client without a mapping).
     *
     * @param mapped the mapped address the server lists it at, null when none
     */
    static String of(int upnp, String mapped) {
        if (upnp < 0) {
            return "-";
        }
        if (upnp == 0) {
            return "no";
        }
        return mapped == null ? "yes" : "yes, at " + mapped;
    }
}
