package org.ptpmesh.portmap.upnp;

import java.net.URI;

/** One port-mapping service of the gateway: its type (the SOAP namespace) and where its actions are posted. */
record IgdService(String serviceType, URI controlUrl) {
}
