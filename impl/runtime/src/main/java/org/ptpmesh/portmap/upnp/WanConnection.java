package org.ptpmesh.portmap.upnp;

import java.net.InetAddress;
import java.util.List;
import org.ptpmesh.portmap.upnp.SoapMessages.Argument;

/** The three actions of WANIPConnection (or WANPPPConnection, the same for these) the client uses. */
final class WanConnection {

    private final IgdHttp http;
    private final IgdService service;

    WanConnection(IgdHttp http, IgdService service) {
        this.http = http;
        this.service = service;
    }

    /** The gateway's public IPv4 address; one that is none (empty, a name, 0.0.0.0) is an error. */
    InetAddress externalAddress() throws UpnpException {
        String text = http.call(service, "GetExternalIPAddress", List.of()).get("NewExternalIPAddress");
        InetAddress address = Ipv4Literal.parse(text).orElse(null);
        if (address == null || address.isAnyLocalAddress()) {
            throw new UpnpException(UpnpException.Kind.MALFORMED, "no external IPv4 address in GetExternalIPAddress: " + text);
        }
        return address;
    }

    /** UDP {@code externalPort} forwarded to {@code client:internalPort} for {@code leaseSeconds} (0: until deleted). */
    void addPortMapping(int externalPort, InetAddress client, int internalPort, long leaseSeconds, String description)
            throws UpnpException {
        http.call(service, "AddPortMapping", List.of(
                new Argument("NewRemoteHost", ""),
                new Argument("NewExternalPort", Integer.toString(externalPort)),
                new Argument("NewProtocol", "UDP"),
                new Argument("NewInternalPort", Integer.toString(internalPort)),
                new Argument("NewInternalClient", client.getHostAddress()),
                new Argument("NewEnabled", "1"),
                new Argument("NewPortMappingDescription", description),
                new Argument("NewLeaseDuration", Long.toString(leaseSeconds))));
    }

    void deletePortMapping(int externalPort) throws UpnpException {
        http.call(service, "DeletePortMapping", List.of(
                new Argument("NewRemoteHost", ""),
                new Argument("NewExternalPort", Integer.toString(externalPort)),
                new Argument("NewProtocol", "UDP")));
    }
}
