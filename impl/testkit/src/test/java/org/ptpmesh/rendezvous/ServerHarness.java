package org.ptpmesh.rendezvous;

import java.nio.ByteBuffer;
import java.util.List;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;

/** A rendezvous server driven by hand: datagrams in, effects recorded, time advanced explicitly. */
final class ServerHarness {

    static final long T0 = 1_700_000_000_000L;
    final RendezvousServer server;
    final RecordingEffects out = new RecordingEffects();
    long now = T0;

    ServerHarness(ServerConfig config) {
        server = new RendezvousServer(config, RendezvousListener.NONE);
        server.start(now, out);
    }

    static ServerConfig config() {
        return ServerConfig.defaults().withTimers(13_000, 30_000, 0);
    }

    static byte[] id(int n) {
        return ByteBuffer.allocate(16).putLong(0x5050_0000_0000_0000L).putLong(n).array();
    }

    static Endpoint addr(String ip, int port) {
        return Endpoint.of(ip, port);
    }

    /** A registration as ptptest 2014 sends it (no MSGKIND) or as ptpmesh does. */
    static byte[] register(int client, Endpoint ptpAddr, long myts, boolean ptpmesh) {
        Message.Builder b = ptpmesh ? Message.of(MessageKind.REGISTER, id(client)) : Message.builder().bytes(TlvTypes.UUID, id(client));
        return Codec.encode(b.uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, ptpAddr)
                .uint(TlvTypes.MYTS, myts).build());
    }

    static byte[] shutdown(int client) {
        return Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).bytes(TlvTypes.UUID, id(client))
                .uint(TlvTypes.SHUTDOWN, 1).build());
    }

    void receive(Endpoint from, byte[] datagram) {
        server.onDatagram(server.config().port(), from, datagram, now, out);
    }

    void registerAt(int client, Endpoint from, boolean ptpmesh) {
        receive(from, register(client, from, Timestamps.fromMillis(now), ptpmesh));
    }

    /** Advances the clock by {@code millis}, firing every timer due on the way. */
    void advance(long millis) {
        long until = now + millis;
        now = out.runTimers(server, now, until);
        now = until;
    }

    List<RecordingEffects.Sent> drain() {
        return out.drain();
    }
}
