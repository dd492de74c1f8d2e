package org.ptpmesh.portmap.upnp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The description and SOAP parsers on what a hostile gateway may send: typed errors, never an entity or DTD fetched. */
class UpnpXmlTest {

    private static final InetAddress GATEWAY = InetAddress.getLoopbackAddress();
    private static final URI LOCATION = URI.create("http://127.0.0.1:5000/rootDesc.xml");

    @Test
    void theControlUrlIsResolvedAgainstTheLocation() throws Exception {
        IgdService s = DeviceDescription.service(bytes(FakeIgd.description("/ctl/IPConn")), LOCATION, GATEWAY);
        assertThat(s.serviceType()).isEqualTo("urn:schemas-upnp-org:service:WANIPConnection:1");
        assertThat(s.controlUrl()).isEqualTo(URI.create("http://127.0.0.1:5000/ctl/IPConn"));
    }

    @Test
    void anExternalEntityIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "/ctl/secret");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE root [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + FakeIgd.description("&x;").replaceFirst("<\\?xml version=\"1.0\"\\?>", "");
        assertThatThrownBy(() -> DeviceDescription.service(bytes(xxe), LOCATION, GATEWAY))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.kind()).isEqualTo(UpnpException.Kind.MALFORMED))
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void aDescriptionWithoutAWanConnectionHasNoService() {
        String none = FakeIgd.description("/ctl").replace("WANIPConnection:1", "Layer3Forwarding:1");
        assertThatThrownBy(() -> DeviceDescription.service(bytes(none), LOCATION, GATEWAY))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.kind()).isEqualTo(UpnpException.Kind.NO_SERVICE));
    }

    @Test
    void anotherDocumentIsNoDescription() {
        assertThatThrownBy(() -> DeviceDescription.service(bytes("<html><body/></html>"), LOCATION, GATEWAY))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.kind()).isEqualTo(UpnpException.Kind.MALFORMED));
    }

    @Test
    void aFaultIsARefusalWithItsCode() {
        assertThatThrownBy(() -> SoapMessages.response(bytes(FakeIgd.fault(718, "ConflictInMappingEntry")), "AddPortMapping"))
                .isInstanceOfSatisfying(UpnpException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpnpException.Kind.REFUSED);
                    assertThat(e.upnpError()).isEqualTo(718);
                });
    }

    @Test
    void argumentsAreEscapedAndTheAnswersOutArgumentsRead() throws Exception {
        String request = new String(SoapMessages.request("urn:x", "AddPortMapping",
                List.of(new SoapMessages.Argument("NewPortMappingDescription", "a<b&\"c\""))), StandardCharsets.UTF_8);
        assertThat(request).contains("<NewPortMappingDescription>a&lt;b&amp;&quot;c&quot;</NewPortMappingDescription>");
        Map<String, String> out = SoapMessages.response(bytes("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<s:Body><u:GetExternalIPAddressResponse xmlns:u=\"urn:x\"><NewExternalIPAddress> 203.0.113.5 "
                + "</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>"), "GetExternalIPAddress");
        assertThat(out).containsExactly(Map.entry("NewExternalIPAddress", "203.0.113.5"));
    }

    @Property(tries = 300)
    void anyBytesForAnAnswerAreReadOrRefusedTyped(@ForAll @Size(max = 300) byte[] body) {
        try {
            SoapMessages.response(body, "AddPortMapping");
        } catch (UpnpException e) {
            assertThat(e.kind()).isIn(UpnpException.Kind.MALFORMED, UpnpException.Kind.REFUSED);
        }
    }

    @Property(tries = 300)
    void anyTextInAServiceElementIsReadOrRefusedTyped(@ForAll @StringLength(max = 60) String control) {
        String xml = FakeIgd.description(control.replace("&", "&amp;").replace("<", "&lt;"));
        try {
            IgdService s = DeviceDescription.service(bytes(xml), LOCATION, GATEWAY);
            assertThat(s.controlUrl().getHost()).isEqualTo("127.0.0.1");
        } catch (UpnpException e) {
            assertThat(e.kind()).isIn(UpnpException.Kind.MALFORMED, UpnpException.Kind.FOREIGN_HOST, UpnpException.Kind.NO_SERVICE);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
