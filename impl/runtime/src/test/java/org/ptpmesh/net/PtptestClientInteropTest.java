package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Violations;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListAssembler;

/**
 * An original 2014 ptptest client, byte for byte: CLIENTVER=1 in one byte, SEQUENCE in four,
 * the UUID as 16 raw bytes, PTPADDR, MYTS in eight, no MSGKIND. It must get an ECHO of its MYTS
 * carrying a cookie, answer it as the original does any server MYTS, and then get a list of the
 * other clients and its own address in YOURADDR, made of ptptest 2014 TLVs only.
 */
class PtptestClientInteropTest {

    /** The types ptptest 2014 knows (protocol.py PTP_MAP); it refuses any other. */
    static final List<Integer> PTPTEST_2014_TYPES = List.of(0, 1, 2, 3, 4, 8, 9, 32, 33, 34, 35, 45, 64, 65, 66, 67, 96);

    @Test
    void legacyClientRegistersAndSeesTheOthers() throws Exception {
        try (LoopbackMesh mesh = new LoopbackMesh();
             DatagramSocket legacy = new DatagramSocket(new InetSocketAddress(LoopbackMesh.LOOPBACK, 0))) {
            int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            mesh.server(LoopbackMesh.serverConfig(port), RendezvousListener.NONE);
            LoopbackMesh.Running<MeshClient> other1 = mesh.client(port);
            LoopbackMesh.Running<MeshClient> other2 = mesh.client(port);
            LoopbackMesh.await("two ptpmesh clients registered", Duration.ofSeconds(5),
                    () -> other1.node().snapshot().peers().size() == 1);

            legacy.setSoTimeout(3_000);
            Endpoint me = Endpoint.of((InetSocketAddress) legacy.getLocalSocketAddress());
            long myts = 0x53a4c0de80000000L;
            byte[] uuid = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
            byte[] register = Codec.encode(Message.builder()
                    .uint(TlvTypes.CLIENTVER, 1, 1)
                    .uint(TlvTypes.SEQUENCE, 0, 4)
                    .bytes(TlvTypes.UUID, uuid)
                    .address(TlvTypes.PTPADDR, me)
                    .uint(TlvTypes.MYTS, myts, 8)
                    .build());
            // exactly the datagram of docs/protocol.md's REGISTER vector, but for this socket's address
            assertThat(HexFormat.of().formatHex(register)).startsWith("0102030103060000000004120001020304050607"
                    + "08090a0b0c0d0e0f2008").contains("080a53a4c0de80000000");
            InetSocketAddress server = new InetSocketAddress(LoopbackMesh.LOOPBACK, port);
            legacy.send(new DatagramPacket(register, register.length, server));

            // its address not proven yet: a challenge, an ECHO of its MYTS no larger than the
            // REGISTER, with a cookie in MYTS (after the UUID, as ptptest 2014's parser needs)
            Message challenge = ptptest2014(receive(legacy, port));
            assertThat(challenge.kind()).isEqualTo(MessageKind.ECHO);
            assertThat(challenge.uint(TlvTypes.YOURTS).orElseThrow()).isEqualTo(myts);
            assertThat(challenge.bytes(TlvTypes.UUID).orElseThrow()).isEqualTo(uuid);
            assertThat(Codec.encode(challenge).length).isLessThanOrEqualTo(register.length);
            List<Integer> order = challenge.tlvs().stream().map(Tlv::type).toList();
            assertThat(order.indexOf(TlvTypes.UUID)).isLessThan(order.indexOf(TlvTypes.MYTS));
            // what ptptest 2014's client answers any server MYTS with (client.py _server_respond)
            byte[] answer = Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 1, 4)
                    .bytes(TlvTypes.UUID, uuid).uint(TlvTypes.YOURTS, challenge.uint(TlvTypes.MYTS).orElseThrow(), 8).build());
            legacy.send(new DatagramPacket(answer, answer.length, server));

            Message list = ptptest2014(receive(legacy, port));
            assertThat(list.kind()).isEqualTo(MessageKind.LIST);
            // registered now: its next registration is echoed in full
            legacy.send(new DatagramPacket(register, register.length, server));
            Message echo = null;
            for (int i = 0; i < 10 && echo == null; i++) {
                Message m = ptptest2014(receive(legacy, port));
                echo = m.kind() == MessageKind.ECHO ? m : null;
            }
            assertThat(echo).as("an ECHO").isNotNull();
            assertThat(echo.uint(TlvTypes.YOURTS).orElseThrow()).isEqualTo(myts);
            assertThat(echo.address(TlvTypes.YOURADDR)).contains(me);
            assertThat(echo.bytes(TlvTypes.UUID).orElseThrow()).isEqualTo(uuid);

            assertThat(list).as("a LIST").isNotNull();
            assertThat(list.address(TlvTypes.YOURADDR)).contains(me);
            List<Endpoint> listed = new ArrayList<>();
            for (ClientEntry e : ClientListAssembler.entries(list)) {
                listed.add(e.external());
                // everyone is behind 127.0.0.1, the same public IP: the LAN address comes along
                assertThat(e.internal()).isNotNull();
            }
            assertThat(listed).containsExactlyInAnyOrder(other1.node().yourAddress().orElseThrow(),
                    other2.node().yourAddress().orElseThrow());
            assertThat(list.uint(TlvTypes.CLIENTLEN).orElseThrow()).isEqualTo(2);

            // and the ptpmesh clients now list the ptptest client too
            LoopbackMesh.await("the others list the ptptest client", Duration.ofSeconds(5),
                    () -> other1.node().snapshot().peers().size() == 2);
        }
    }

    /** {@code m}, after checking that a ptptest 2014 client reads it: no MSGKIND, its own TLV types only. */
    private static Message ptptest2014(Message m) {
        assertThat(m.has(TlvTypes.MSGKIND)).as("no MSGKIND toward a ptptest client").isFalse();
        assertThat(Violations.of(m)).isEmpty();
        for (Tlv t : m.tlvs()) {
            assertThat(PTPTEST_2014_TYPES).as("TLV %s is not ptptest 2014's", t.name()).contains(t.type());
        }
        return m;
    }

    /** The next datagram from the server's port; the other clients' probes are passed over. */
    private static Message receive(DatagramSocket socket, int serverPort) throws Exception {
        while (true) {
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            socket.receive(packet);
            if (packet.getPort() != serverPort) {
                continue;
            }
            DecodeResult r = Codec.decode(packet.getData(), 0, packet.getLength());
            assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
            return ((DecodeResult.Decoded) r).message();
        }
    }
}
