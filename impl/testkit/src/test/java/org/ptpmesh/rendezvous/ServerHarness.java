package org.ptpmesh.rendezvous;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;

/**
 * A rendezvous server driven by hand: datagrams in, effects recorded, time advanced explicitly.
 * {@link #registerAt} registers as a real client does: a REGISTER, and the echo of the cookie
 * when the server challenges the address.
 */
final class ServerHarness {

    static final long T0 = 1_700_000_000_000L;
    final RendezvousServer server;
    final RecordingEffects out = new RecordingEffects();
    long now = T0;

    ServerHarness(ServerConfig config) {
        this(config, RendezvousListener.NONE);
    }

    ServerHarness(ServerConfig config, RendezvousListener listener) {
        server = new RendezvousServer(config, listener, new Random(7));
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
        return Codec.encode(registration(client, ptpAddr, myts, ptpmesh).build());
    }

    /** A registration that says what it says of a port mapping: UPNP ({@code upnp} -1: none) and MAPPEDADDR (or null). */
    static byte[] mappedRegister(int client, Endpoint ptpAddr, long myts, boolean ptpmesh, int upnp, Endpoint mapped) {
        Message.Builder b = registration(client, ptpAddr, myts, ptpmesh);
        if (upnp >= 0) {
            b.uint(TlvTypes.UPNP, upnp);
        }
        if (mapped != null) {
            b.address(TlvTypes.MAPPEDADDR, mapped);
        }
        return Codec.encode(b.build());
    }

    private static Message.Builder registration(int client, Endpoint ptpAddr, long myts, boolean ptpmesh) {
        return registration(id(client), ptpAddr, myts, ptpmesh);
    }

    /** A registration naming {@code id}, in ptptest 2014's shape or ptpmesh's. */
    static Message.Builder registration(byte[] id, Endpoint ptpAddr, long myts, boolean ptpmesh) {
        Message.Builder b = ptpmesh ? Message.of(MessageKind.REGISTER, id) : Message.builder().bytes(TlvTypes.UUID, id);
        return b.uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, ptpAddr)
                .uint(TlvTypes.MYTS, myts);
    }

    static byte[] shutdown(int client) {
        return shutdown(id(client));
    }

    static byte[] shutdown(byte[] id) {
        return Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).bytes(TlvTypes.UUID, id)
                .uint(TlvTypes.SHUTDOWN, 1).build());
    }

    void receive(Endpoint from, byte[] datagram) {
        server.onDatagram(server.config().port(), from, datagram, now, out);
    }

    /** {@code datagram} as the session layer hands it on: opened from a session that proved {@code key}. */
    void receiveSealed(Endpoint from, byte[] datagram, byte[] key) {
        server.onMessage(server.config().port(), from, new DecodedDatagram().decode(datagram).authenticatedBy(key), now, out);
    }

    /**
     * Registers the holder of {@code key} from {@code from} as a keyed ptpmesh client does: its
     * REGISTER (the {@code register} given, built for its id) and the echo of a challenge, both sealed.
     */
    void registerSealedAt(byte[] key, Endpoint from, byte[] register) {
        receiveSealed(from, register, key);
        byte[] echo = takeChallengeEcho(from);
        if (echo != null) {
            receiveSealed(from, echo, key);
        }
    }
    /** Registers (or refreshes) {@code client} from {@code from}, answering a challenge if one comes. */
    void registerAt(int client, Endpoint from, boolean ptpmesh) {
        registerAt(client, from, from, ptpmesh);
    }

    /** The same, announcing {@code ptpAddr} as its LAN address. */
    void registerAt(int client, Endpoint from, Endpoint ptpAddr, boolean ptpmesh) {
        receive(from, register(client, ptpAddr, Timestamps.fromMillis(now), ptpmesh));
        answerChallenge(from);
    }

    /** Registers {@code client} from {@code from} saying UPNP {@code upnp} (-1: none) and MAPPEDADDR {@code mapped} (or null). */
    void registerMappedAt(int client, Endpoint from, boolean ptpmesh, int upnp, Endpoint mapped) {
        receive(from, mappedRegister(client, from, Timestamps.fromMillis(now), ptpmesh, upnp, mapped));
        answerChallenge(from);
    }

    /**
     * If the last datagram sent to {@code from} is a challenge (an ECHO with a cookie in MYTS),
     * takes it out of what was sent and answers it as every client does a MYTS: an ECHO whose
     * YOURTS is that value, with the UUID the server sent (ptptest 2014's shape).
     */
    boolean answerChallenge(Endpoint from) {
        byte[] echo = takeChallengeEcho(from);
        if (echo != null) {
            receive(from, echo);
        }
        return echo != null;
    }

    /** The answer to the challenge last sent to {@code from}, which is taken out of what was sent; null when none was. */
    private byte[] takeChallengeEcho(Endpoint from) {
        for (int i = out.sent.size() - 1; i >= 0; i--) {
            RecordingEffects.Sent s = out.sent.get(i);
            if (!s.to().equals(from)) {
                continue;
            }
            Message m = s.message();
            if (m.kind() != MessageKind.ECHO || m.uint(TlvTypes.MYTS).isEmpty()) {
                return null;
            }
            out.sent.remove(i);
            return echo(m.bytes(TlvTypes.UUID).orElseThrow(), m.uint(TlvTypes.MYTS).getAsLong());
        }
        return null;
    }

    /** A client's ECHO of a server's MYTS, as ptptest 2014 sends it. */
    static byte[] echo(byte[] uuid, long yourts) {
        return Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 1, 4)
                .bytes(TlvTypes.UUID, uuid).uint(TlvTypes.YOURTS, yourts, 8).build());
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
