package org.ptpmesh.portmap.upnp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** UPnP control's SOAP 1.1 envelopes (UPnP Device Architecture 1.1, section 3.2): an action's request, and its answer or fault. */
final class SoapMessages {

    /** One argument of an action, in the order the service's description lists them. */
    record Argument(String name, String value) {
    }

    private SoapMessages() {
    }

    static byte[] request(String serviceType, String action, List<Argument> arguments) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\r\n"
                + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>")
                .append("<u:").append(action).append(" xmlns:u=\"").append(escape(serviceType)).append("\">");
        for (Argument a : arguments) {
            b.append('<').append(a.name()).append('>').append(escape(a.value())).append("</").append(a.name()).append('>');
        }
        b.append("</u:").append(action).append("></s:Body></s:Envelope>\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The out-arguments of {@code action}'s answer, by name; a UPnP error in a fault is a
     * {@link UpnpException.Kind#REFUSED} with its code; anything else is malformed.
     */
    static Map<String, String> response(byte[] body, String action) throws UpnpException {
        Document doc = SafeXml.parse(body, action + "'s answer");
        Element root = doc.getDocumentElement();
        Node fault = root.getElementsByTagNameNS("*", "Fault").item(0);
        if (fault != null) {
            String code = SafeXml.text((Element) fault, "errorCode");
            String description = SafeXml.text((Element) fault, "errorDescription");
            try {
                throw UpnpException.refused(Integer.parseInt(code), description == null ? "no description" : description);
            } catch (NumberFormatException e) {
                throw new UpnpException(UpnpException.Kind.MALFORMED, action + " failed with no UPnP error code: " + code, e);
            }
        }
        Node answer = root.getElementsByTagNameNS("*", action + "Response").item(0);
        if (answer == null) {
            throw new UpnpException(UpnpException.Kind.MALFORMED, "no " + action + "Response in the answer");
        }
        Map<String, String> out = new LinkedHashMap<>();
        NodeList children = answer.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                out.put(e.getLocalName(), e.getTextContent().trim());
            }
        }
        return out;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
