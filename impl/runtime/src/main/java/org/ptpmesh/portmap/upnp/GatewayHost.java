package org.ptpmesh.portmap.upnp;

import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;

/**
 * The one check before any HTTP request: the URL is plain http to the gateway's own address.
 * Anyone on the LAN can answer an SSDP search, and a device description names its control URL:
 * without this a stranger could send the client to any host (inside the LAN or out) to fetch
 * or POST there. Only an IPv4 literal is accepted, so no name is ever looked up.
 */
final class GatewayHost {

    private GatewayHost() {
    }

    /** {@code url} if it is {@code http://<gateway>[:port]/...}; else a {@link UpnpException.Kind#FOREIGN_HOST}. */
    static URI check(URI url, InetAddress gateway) throws UpnpException {
        Optional<InetAddress> host = Ipv4Literal.parse(url.getHost());
        if (!"http".equalsIgnoreCase(url.getScheme()) || host.isEmpty() || url.getRawUserInfo() != null) {
            throw new UpnpException(UpnpException.Kind.FOREIGN_HOST, "not http to the gateway's address: " + url);
        }
        if (!host.get().equals(gateway)) {
            throw new UpnpException(UpnpException.Kind.FOREIGN_HOST, url + " is not on the gateway " + gateway.getHostAddress());
        }
        return url;
    }
}
