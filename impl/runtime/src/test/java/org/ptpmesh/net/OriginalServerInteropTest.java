package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.net.LoopbackMesh.await;
import static org.ptpmesh.net.PtptestClientInteropTest.PTPTEST_2014_TYPES;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.client.ClientSnapshot;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.compose.ServerNode;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MeshMarker;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;

/**
 * A ptpmesh client never stops a ptptest 2014 server: on the original server (Python 2.7), next
 * to an original client, it registers in ptptest's shape again and again, both clients measure
 * each other, and the server still answers the original client afterwards (its only receive loop
 * survived). On a ptpmesh server (the node bin/ptpserver runs) the same client switches to the
 * full form.
 */
class OriginalServerInteropTest {

    /** The original client registers every 7 s: its second registration comes this long after its start, at most. */
    private static final Duration SECOND_REGISTRATION = Duration.ofSeconds(12);

    @TempDir
    Path logs;

    /** Every datagram a client sent, decoded, in order. */
    private static final class Sent implements DatagramTap {
        final List<Message> toServer = new CopyOnWriteArrayList<>();
        final List<Message> toPeers = new CopyOnWriteArrayList<>();
        private final Endpoint server;

        Sent(Endpoint server) {
            this.server = server;
        }

        @Override
        public void sent(int localPort, Endpoint to, byte[] data) {
            DecodeResult r = Codec.decode(data);
            assertThat(r).as("the client sent a malformed datagram").isInstanceOf(DecodeResult.Decoded.class);
            (to.equals(server) ? toServer : toPeers).add(((DecodeResult.Decoded) r).message());
        }

        List<Message> registrations() {
            return toServer.stream().filter(m -> m.kind() == MessageKind.REGISTER).toList();
        }
    }

    @Test
    void aPtpmeshClientLeavesTheOriginalServerServingEveryone() throws Exception {
        Assumptions.assumeTrue(OriginalPtptest.missing().isEmpty(), () -> "skipped: " + OriginalPtptest.missing().get());
        int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
        Endpoint serverAt = new Endpoint(LoopbackMesh.LOOPBACK, port);
        try (OriginalPtptest original = OriginalPtptest.open(logs); LoopbackMesh mesh = new LoopbackMesh()) {
            OriginalPtptest.Launched server = original.server(port);
            await("the original server is up", Duration.ofSeconds(10), () -> server.count("Our socket is") > 0);
            OriginalPtptest.Launched client = original.client(port);
            await("the original client registered", Duration.ofSeconds(10), () -> client.count("ACK from server") == 1);
            long originalStarted = System.nanoTime();

            Sent sent = new Sent(serverAt);
            LoopbackMesh.Running<MeshClient> ptpmesh = mesh.client(port, sent);
            await("the ptpmesh client registered a few times and both clients measured each other", Duration.ofSeconds(10),
                    () -> sent.registrations().size() >= 5 && measured(ptpmesh.node().snapshot())
                            && client.count("ACK from client") > 0);

            // the original client registers every 7 s: its next registration is answered only if
            // the server still reads
            await("the original server answers the original client after the ptpmesh client's registrations",
                    SECOND_REGISTRATION.minusNanos(System.nanoTime() - originalStarted), () -> client.count("ACK from server") >= 2);
            assertThat(server.errors()).doesNotContain("Unknown TLV").doesNotContain("Traceback");
            assertThat(server.count("u'ptpmesh': 1")).as("the marker, logged like any META").isPositive();

            ClientSnapshot s = ptpmesh.node().snapshot();
            assertThat(s.fullForm()).as("an original server never sends MSGKIND").isFalse();
            assertThat(s.serverRtt()).isNotNegative();
            for (Message m : concat(sent.toServer, sent.toPeers)) {
                assertThat(m.tlvs()).extracting(Tlv::type).as("%s", m).allMatch(PTPTEST_2014_TYPES::contains);
            }
            assertThat(sent.toPeers).isNotEmpty().allMatch(m -> m.kind() == MessageKind.PROBE || m.kind() == MessageKind.ECHO);
            assertThat(mesh.errors).isEmpty();
        }
    }

    @Test
    void theSameClientSwitchesToTheFullFormOnAPtpmeshServer() throws Exception {
        int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
        Endpoint serverAt = new Endpoint(LoopbackMesh.LOOPBACK, port);
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            SecureRandom random = new SecureRandom();
            RendezvousServer rendezvous = new RendezvousServer(LoopbackMesh.serverConfig(port), RendezvousListener.NONE, random);
            Introducer introducer = new Introducer(IntroducerConfig.builder("ptpserver", port).build(),
                    PeerId.random(random), System.currentTimeMillis(), random);
            mesh.run(new ServerNode(rendezvous, introducer, port), DatagramTap.NONE);
            Sent sent = new Sent(serverAt);
            LoopbackMesh.Running<MeshClient> a = mesh.client(port, sent);
            LoopbackMesh.Running<MeshClient> b = mesh.client(port);
            await("a switched to the full form and measured b", Duration.ofSeconds(5),
                    () -> a.node().snapshot().fullForm() && measured(a.node().snapshot()));
            await("a registered in full form twice", Duration.ofSeconds(5),
                    () -> sent.registrations().stream().filter(m -> m.has(TlvTypes.MSGKIND)).count() >= 2);

            List<Message> registrations = sent.registrations();
            Message first = registrations.get(0);
            assertThat(first.has(TlvTypes.MSGKIND)).isFalse();
            byte[] meta = first.first(TlvTypes.META).map(t -> ((Tlv.JsonTlv) t).json()).orElseThrow().getBytes(StandardCharsets.US_ASCII);
            assertThat(MeshMarker.isMarked(meta, 0, meta.length)).isTrue();
            int switched = indexOfFirst(registrations);
            assertThat(registrations.subList(switched, registrations.size())).as("full form from the switch on")
                    .allMatch(m -> m.has(TlvTypes.MSGKIND) && m.has(TlvTypes.NAT));
            assertThat(rendezvous.snapshot().rows()).filteredOn(r -> r.external().equals(a.node().yourAddress().orElseThrow().toString()))
                    .singleElement().satisfies(r -> assertThat(r.audience()).isEqualTo("ptpmesh"));
            assertThat(sent.toPeers).as("probes and echoes stay in ptptest's shape").isNotEmpty()
                    .allMatch(m -> !m.has(TlvTypes.MSGKIND));
            assertThat(mesh.errors).isEmpty();
        }
    }

    private static boolean measured(ClientSnapshot s) {
        return s.peers().size() == 1 && s.peers().get(0).metrics().acked() > 0 && s.peers().get(0).metrics().received() > 0;
    }

    private static int indexOfFirst(List<Message> registrations) {
        for (int i = 0; i < registrations.size(); i++) {
            if (registrations.get(i).has(TlvTypes.MSGKIND)) {
                return i;
            }
        }
        throw new AssertionError("no full-form registration");
    }

    private static List<Message> concat(List<Message> a, List<Message> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
