package org.ptpmesh.portmap.upnp;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** SSDP's M-SEARCH request and the answer's two headers the client reads (UPnP Device Architecture 1.1, section 1.3). */
final class SsdpMessages {

    /** The services that map ports, in the order they are preferred. */
    static final List<String> SERVICES = List.of(
            "urn:schemas-upnp-org:service:WANIPConnection:2",
            "urn:schemas-upnp-org:service:WANIPConnection:1",
            "urn:schemas-upnp-org:service:WANPPPConnection:1");

    /** What an answer says: where the device description is, and what it answers for. */
    record Answer(URI location, String searchTarget) {
    }

    private SsdpMessages() {
    }

    static byte[] search(String target) {
        return ("M-SEARCH * HTTP/1.1\r\n"
                + "HOST: " + UpnpLimits.SSDP_GROUP + ":" + UpnpLimits.SSDP_PORT + "\r\n"
                + "MAN: \"ssdp:discover\"\r\n"
                + "MX: " + UpnpLimits.SSDP_MX_SECONDS + "\r\n"
                + "ST: " + target + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The answer in {@code data[0..length)}, if it is a 200 answer with a LOCATION that parses as
     * a URI and an ST; anything else (a NOTIFY, another search, garbage) is empty.
     */
    static Optional<Answer> parse(byte[] data, int length) {
        String text = new String(data, 0, Math.min(length, UpnpLimits.MAX_SSDP_BYTES), StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n", UpnpLimits.MAX_SSDP_HEADERS + 1);
        if (!lines[0].matches("HTTP/1\\.[01] 200( .*)?")) {
            return Optional.empty();
        }
        String location = null;
        String target = null;
        for (int i = 1; i < Math.min(lines.length, UpnpLimits.MAX_SSDP_HEADERS); i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toUpperCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("LOCATION")) {
                location = value;
            } else if (name.equals("ST")) {
                target = value;
            }
        }
        if (location == null || target == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Answer(new URI(location), target));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
