package org.ptpmesh.portmap.upnp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The JDK's DOM parser set up for documents from a stranger: no DOCTYPE at all (so no entity
 * expansion, no billion laughs), no external entity, DTD, schema or XInclude fetched. A body
 * reaches it only after its size was checked ({@link UpnpLimits}).
 */
final class SafeXml {

    private static final ErrorHandler FAIL = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SafeXml() {
    }

    /** {@code body} parsed, namespace-aware; a {@link UpnpException.Kind#MALFORMED} naming {@code what} otherwise. */
    static Document parse(byte[] body, String what) throws UpnpException {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            // the default handler prints every error on stderr before it throws
            builder.setErrorHandler(FAIL);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a safety feature", e);
        } catch (SAXException | IOException e) {
            throw new UpnpException(UpnpException.Kind.MALFORMED, what + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** The text of the first element named {@code localName} (any namespace) under {@code parent}, trimmed; null if none. */
    static String text(Element parent, String localName) {
        Node n = parent.getElementsByTagNameNS("*", localName).item(0);
        return n == null ? null : n.getTextContent().trim();
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }
}
