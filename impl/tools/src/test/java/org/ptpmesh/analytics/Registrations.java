package org.ptpmesh.analytics;

import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.secure.KeyedPeerId;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** Registrations as a ptpmesh client sends them, for driving a server whose listener is under test. */
final class Registrations {

    private Registrations() {
    }

    static byte[] id(int client) {
        byte[] id = new byte[16];
        id[15] = (byte) client;
        return id;
    }

    static byte[] register(int client, int nat, String meta) {
        Message.Builder b = registration(client, nat);
        if (meta != null) {
            b.json(TlvTypes.META, meta);
        }
        return Codec.encode(b.build());
    }

    /** The registration of a client whose gateway forwards it {@code mapped}: UPNP 1 and MAPPEDADDR. */
    static byte[] mappedRegister(int client, int nat, Endpoint mapped) {
        return Codec.encode(registration(client, nat).uint(TlvTypes.UPNP, 1).address(TlvTypes.MAPPEDADDR, mapped).build());
    }

    private static Message.Builder registration(int client, int nat) {
        return registration(id(client), 4000 + client, nat);
    }

    private static Message.Builder registration(byte[] id, int lanPort, int nat) {
        return Message.of(MessageKind.REGISTER, id).uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1)
                .address(TlvTypes.PTPADDR, Endpoint.of("10.0.0.1", lanPort)).uint(TlvTypes.MYTS, 5).uint(TlvTypes.NAT, nat);
    }

    /**
     * Registers {@code client} from {@code from} as a real client does: its REGISTER, then the
     * echo of the cookie the server's challenge brought (the server lists only proven addresses).
     */
    static void join(RendezvousServer server, RecordingEffects fx, Endpoint from, int client, int nat, long now) {
        join(server, fx, from, register(client, nat, null), null, now);
    }

    /** The same for the holder of {@code key}, its datagrams sealed (as the session layer hands them on, marked with the key). */
    static void keyedJoin(RendezvousServer server, RecordingEffects fx, Endpoint from, byte[] key, long now) {
        join(server, fx, from, Codec.encode(registration(KeyedPeerId.of(key).bytes(), from.port(), 0).build()), key, now);
    }

    private static void join(RendezvousServer server, RecordingEffects fx, Endpoint from, byte[] register, byte[] key, long now) {
        receive(server, fx, from, register, key, now);
        Message challenge = fx.drain().get(0).message();
        receive(server, fx, from, Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1)
                .uint(TlvTypes.SEQUENCE, 2).bytes(TlvTypes.UUID, challenge.bytes(TlvTypes.UUID).orElseThrow())
                .uint(TlvTypes.YOURTS, challenge.uint(TlvTypes.MYTS).orElseThrow()).build()), key, now);
    }

    private static void receive(RendezvousServer server, RecordingEffects fx, Endpoint from, byte[] datagram, byte[] key,
                                long now) {
        DecodedDatagram d = new DecodedDatagram().decode(datagram);
        server.onMessage(server.config().port(), from, key == null ? d : d.authenticatedBy(key), now, fx);
    }
}
