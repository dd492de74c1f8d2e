package org.ptpmesh.conformance.report;

import java.io.Writer;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.ptpmesh.conformance.pcap.CaptureValidation;
import org.ptpmesh.conformance.pcap.PacketVerdict;

/**
 * JUnit XML, as CI servers read it: one testsuite per capture, one testcase per datagram, a
 * failure for each datagram that breaks a rule.
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static void write(List<CaptureValidation> captures, Writer out) throws XMLStreamException {
        XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        x.writeStartDocument("UTF-8", "1.0");
        x.writeCharacters("\n");
        x.writeStartElement("testsuites");
        x.writeAttribute("name", "ptpconform pcap");
        for (CaptureValidation c : captures) {
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", c.file().toString());
            x.writeAttribute("tests", Integer.toString(c.packets().size()));
            x.writeAttribute("failures", Long.toString(c.violations()));
            x.writeAttribute("errors", "0");
            for (PacketVerdict p : c.packets()) {
                x.writeCharacters("\n    ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "pcap." + c.file().getFileName());
                x.writeAttribute("name", "frame " + p.frame() + " " + (p.kind() == null ? "-" : p.kind()) + " "
                        + p.source() + " -> " + p.destination());
                x.writeAttribute("time", "0");
                if (!p.valid()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("type", p.violations().get(0).code());
                    x.writeAttribute("message", p.reason());
                    x.writeCharacters("frame " + p.frame() + " at " + CaptureTime.iso(p.timestampMicros()) + ": " + p.reason());
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
        }
        x.writeCharacters("\n");
        x.writeEndElement();
        x.writeEndDocument();
        x.flush();
    }
}
