package org.ptpmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.testkit.GatewayAnswers;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** A mesh client whose gateway maps its port: it says so in every REGISTER and deletes the mapping when it leaves. */
class MeshClientPortMappingTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final Endpoint SERVER = Endpoint.of("198.51.100.1", 23456);
    private static final Endpoint ME = Endpoint.of("10.1.0.10", 5000);
    private static final Endpoint GATEWAY = Endpoint.of("10.1.0.1", 5351);
    private static final byte[] ID = ByteBuffer.allocate(16).putLong(7).putLong(1).array();

    private final RecordingEffects out = new RecordingEffects();
    private final ClientConfig config = ClientConfig.of(SERVER, 5000, ME, ID).withTimers(7_000, 500, 2_000).toBuilder()
            .portMap(new PortMapGateway(GATEWAY.address(), ME.address())).build();

    @Test
    void aMappedClientSaysSoInItsRegistrationsAndSnapshotAndDeletesTheMappingWhenItLeaves() throws Exception {
        MeshClient client = new MeshClient(config, new Random(1));
        client.start(T0, out);
        List<Sent> first = out.drain();
        byte[] request = first.stream().filter(s -> s.to().equals(GATEWAY)).findFirst().orElseThrow().payload();
        assertThat(registrations(first)).as("before the grant").allSatisfy(m -> assertThat(m.has(TlvTypes.UPNP)).isFalse());

        client.onDatagram(5000, GATEWAY, grant(request, 40000), T0 + 5, out);
        assertThat(client.snapshot().dropped()).as("the gateway's answer is not a malformed ptpmesh datagram").isZero();
        out.runTimers(client, T0 + 5, T0 + 8_000);
        assertThat(registrations(out.drain())).isNotEmpty()
                .allSatisfy(m -> assertThat(m.uint(TlvTypes.UPNP)).hasValue(1));
        assertThat(client.snapshot().portMapping()).isEqualTo("pcp 198.51.100.7:40000");

        client.shutdown(T0 + 9_000, out);
        List<Sent> last = out.drain();
        assertThat(last).filteredOn(s -> s.to().equals(GATEWAY)).singleElement()
                .satisfies(s -> assertThat(ByteBuffer.wrap(s.payload()).getInt(4)).as("lifetime 0: delete").isZero());
        assertThat(last).filteredOn(s -> s.to().equals(SERVER)).singleElement()
                .satisfies(s -> assertThat(s.message().has(TlvTypes.SHUTDOWN)).isTrue());
    }

    @Test
    void aClientMappedByUpnpSaysSoAsWithPcpAndHasTheRuntimeDeleteIt() throws Exception {
        out.speaksUpnp = true;
        MeshClient client = new MeshClient(config, new Random(1));
        client.start(T0, out);
        out.runTimers(client, T0, T0 + 4_000);
        assertThat(out.upnpMaps).as("asked once the silent gateway's PCP and NAT-PMP gave up").containsExactly(5000);

        client.onUpnp(new UpnpOutcome.Mapped(InetAddress.getByName("198.51.100.7"), 40001, 5000, 3600), T0 + 4_100, out);
        out.drain();
        out.runTimers(client, T0 + 4_100, T0 + 12_000);
        assertThat(registrations(out.drain())).isNotEmpty().allSatisfy(m -> assertThat(m.uint(TlvTypes.UPNP)).hasValue(1));
        assertThat(client.snapshot().portMapping()).isEqualTo("upnp 198.51.100.7:40001");

        client.shutdown(T0 + 13_000, out);
        assertThat(out.upnpUnmaps).containsExactly(5000);
        assertThat(out.drain()).as("nothing to port 5351 for a UPnP mapping").noneMatch(s -> s.to().equals(GATEWAY));
    }

    @Test
    void inFullFormItsRegistrationsSayWhereItIsMappedAndAMappingThatComesOrGoesIsRegisteredAtOnce() throws Exception {
        MeshClient client = new MeshClient(config, new Random(1));
        client.start(T0, out);
        byte[] request = out.drain().stream().filter(s -> s.to().equals(GATEWAY)).findFirst().orElseThrow().payload();
        client.onDatagram(5000, SERVER, ptpmeshServerEcho(), T0 + 1, out);
        assertThat(registrations(out.drain())).as("full form, not mapped yet").singleElement()
                .satisfies(m -> assertThat(m.has(TlvTypes.MSGKIND)).isTrue())
                .satisfies(m -> assertThat(m.has(TlvTypes.MAPPEDADDR)).isFalse());

        client.onDatagram(5000, GATEWAY, grant(request, 40000), T0 + 5, out);
        assertThat(registrations(out.drain())).as("registered at once with the new mapping").singleElement()
                .satisfies(m -> assertThat(m.uint(TlvTypes.UPNP)).hasValue(1))
                .satisfies(m -> assertThat(m.address(TlvTypes.MAPPEDADDR)).contains(Endpoint.of("198.51.100.7", 40000)));

        client.onDatagram(5000, GATEWAY, answer(request, 40000, 2), T0 + 10, out);
        assertThat(registrations(out.drain())).as("the gateway took the mapping back: registered at once without it")
                .singleElement().satisfies(m -> assertThat(m.has(TlvTypes.UPNP)).isFalse())
                .satisfies(m -> assertThat(m.has(TlvTypes.MAPPEDADDR)).isFalse());
    }

    @Test
    void inPtptestShapeItSaysUpnpButNeverMappedaddrWhichAPtptestServerCouldNotRead() throws Exception {
        MeshClient client = new MeshClient(config, new Random(1));
        client.start(T0, out);
        byte[] request = out.drain().stream().filter(s -> s.to().equals(GATEWAY)).findFirst().orElseThrow().payload();
        client.onDatagram(5000, GATEWAY, grant(request, 40000), T0 + 5, out);
        assertThat(registrations(out.drain())).singleElement()
                .satisfies(m -> assertThat(m.has(TlvTypes.MSGKIND)).isFalse())
                .satisfies(m -> assertThat(m.uint(TlvTypes.UPNP)).hasValue(1))
                .satisfies(m -> assertThat(m.has(TlvTypes.MAPPEDADDR)).isFalse());
    }

    @Test
    void aMappingNeedsARandomNonce() {
        assertThatThrownBy(() -> new MeshClient(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("random");
    }

    /** A ptpmesh server's ECHO (MSGKIND): from now on the client registers in full form. */
    private static byte[] ptpmeshServerEcho() {
        return Codec.encode(Message.builder().uint(TlvTypes.MSGKIND, MessageKind.ECHO.code()).uint(TlvTypes.SERVERVER, 2)
                .uint(TlvTypes.SEQUENCE, 1).bytes(TlvTypes.UUID, ID).uint(TlvTypes.YOURTS, 1, 8).build());
    }

    private static List<Message> registrations(List<Sent> sent) {
        return sent.stream().filter(s -> s.to().equals(SERVER)).map(Sent::message)
                .filter(m -> m.kind() == MessageKind.REGISTER).toList();
    }

    /** The gateway's PCP answer to {@code request}: its nonce, UDP port 5000 mapped to {@code external}. */
    private static byte[] grant(byte[] request, int external) throws Exception {
        return answer(request, external, 0);
    }

    /** The same with PCP result code {@code result} (RFC 6887 section 7.4: 0 success, 2 not authorized, ...). */
    private static byte[] answer(byte[] request, int external, int result) throws Exception {
        return GatewayAnswers.pcpMap(result, 7200, Arrays.copyOfRange(request, 24, 36), 17, 5000, external,
                InetAddress.getByName("198.51.100.7"));
    }
}
