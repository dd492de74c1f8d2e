package org.ptpmesh.portmap.upnp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SsdpMessagesTest {

    @Test
    void aSearchAsksForOneServiceWithTheShortestWait() {
        String search = new String(SsdpMessages.search(SsdpMessages.SERVICES.get(1)), StandardCharsets.US_ASCII);
        assertThat(search).startsWith("M-SEARCH * HTTP/1.1\r\n").contains("HOST: 239.255.255.250:1900\r\n")
                .contains("MAN: \"ssdp:discover\"\r\n").contains("MX: 1\r\n")
                .contains("ST: urn:schemas-upnp-org:service:WANIPConnection:1\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void anAnswersLocationAndTargetAreReadWhateverTheirCase() {
        byte[] answer = ("HTTP/1.1 200 OK\r\ncache-control: max-age=120\r\nst: urn:x\r\nLocation:  http://10.0.0.1:5000/d.xml \r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(SsdpMessages.parse(answer, answer.length)).contains(
                new SsdpMessages.Answer(URI.create("http://10.0.0.1:5000/d.xml"), "urn:x"));
    }

    @Test
    void aNotifyOrAnAnswerWithoutLocationIsNoAnswer() {
        byte[] notify = "NOTIFY * HTTP/1.1\r\nLOCATION: http://10.0.0.1/\r\nNT: urn:x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bare = "HTTP/1.1 200 OK\r\nST: urn:x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(SsdpMessages.parse(notify, notify.length)).isEmpty();
        assertThat(SsdpMessages.parse(bare, bare.length)).isEmpty();
    }

    @Property(tries = 500)
    void anyDatagramParsesOrIsIgnored(@ForAll @Size(max = 2_100) byte[] data, @ForAll @IntRange(max = 2_100) int length) {
        // whatever comes in: an answer or nothing, no exception
        assertThat(SsdpMessages.parse(data, Math.min(length, data.length))).isNotNull();
    }
}
