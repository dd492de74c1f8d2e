package org.ptpmesh.portmap.upnp;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads a device description (UPnP Device Architecture 1.1, section 2.3) for the port-mapping
 * service: the most preferred of {@link SsdpMessages#SERVICES} found in any (embedded) device,
 * and its control URL, resolved against URLBase or the description's own URL. The control URL
 * must be on the gateway too ({@link GatewayHost}).
 */
final class DeviceDescription {

    private DeviceDescription() {
    }

    static IgdService service(byte[] xml, URI location, InetAddress gateway) throws UpnpException {
        Document doc = SafeXml.parse(xml, "the device description");
        Element root = doc.getDocumentElement();
        if (!"root".equals(root.getLocalName())) {
            throw new UpnpException(UpnpException.Kind.MALFORMED, "a device description's root is <root>, not <" + root.getLocalName() + ">");
        }
        String urlBase = SafeXml.text(root, "URLBase");
        NodeList services = root.getElementsByTagNameNS("*", "service");
        for (String wanted : SsdpMessages.SERVICES) {
            for (int i = 0; i < services.getLength(); i++) {
                Element service = (Element) services.item(i);
                String control = SafeXml.text(service, "controlURL");
                if (wanted.equals(SafeXml.text(service, "serviceType")) && control != null && !control.isEmpty()) {
                    return new IgdService(wanted, GatewayHost.check(resolve(location, urlBase, control), gateway));
                }
            }
        }
        throw new UpnpException(UpnpException.Kind.NO_SERVICE, "the device at " + location
                + " has no WANIPConnection or WANPPPConnection service");
    }

    private static URI resolve(URI location, String urlBase, String control) throws UpnpException {
        try {
            URI base = urlBase == null || urlBase.isEmpty() ? location : location.resolve(new URI(urlBase));
            return base.resolve(new URI(control));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UpnpException(UpnpException.Kind.MALFORMED, "a control URL that is no URL: " + control, e);
        }
    }
}
