package org.ptpmesh.stun;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Optional;
import org.ptpmesh.stun.NatBehaviour.Behaviour;
import org.ptpmesh.stun.StunMessage.Response;
import org.ptpmesh.stun.StunMessage.StunException;
import org.ptpmesh.wire.Endpoint;

/**
 * Asks a STUN server where a socket appears from, and, when the server has a second address
 * (OTHER-ADDRESS), how the NAT maps and filters (RFC 5780 sections 4.3 and 4.4). Blocking; run
 * before the node starts, on the socket the node will use, so the answer is about that socket.
 */
public final class StunClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    private final int timeoutMillis;
    private final int attempts;

    /**
     * @param timeoutMillis wait per attempt
     * @param attempts      tries per request; UDP may lose one
     */
    public StunClient(DatagramSocket socket, int timeoutMillis, int attempts) {
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
        this.attempts = attempts;
    }

    /** Runs the discovery against {@code server}; empty when the server never answers. */
    public Optional<NatBehaviour> discover(Endpoint server) throws IOException, StunException {
        Endpoint local = Endpoint.of((java.net.InetSocketAddress) socket.getLocalSocketAddress());
        Optional<Response> first = binding(server, 0);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Endpoint mapped = first.get().mapped();
        if (mapped.port() == local.port() && (local.address().isAnyLocalAddress() || mapped.equals(local))) {
            local = mapped;
        }
        Optional<Endpoint> other = first.get().other();
        if (other.isEmpty()) {
            return Optional.of(new NatBehaviour(local, mapped, null, null));
        }
        return Optional.of(new NatBehaviour(local, mapped, mapping(server, other.get(), mapped), filtering(server)));
    }

    private Behaviour mapping(Endpoint server, Endpoint other, Endpoint mapped1) throws IOException, StunException {
        Optional<Response> test2 = binding(new Endpoint(other.address(), server.port()), 0);
        if (test2.isEmpty()) {
            return null;
        }
        if (test2.get().mapped().equals(mapped1)) {
            return Behaviour.ENDPOINT_INDEPENDENT;
        }
        Optional<Response> test3 = binding(other, 0);
        if (test3.isEmpty()) {
            return null;
        }
        return test3.get().mapped().equals(test2.get().mapped())
                ? Behaviour.ADDRESS_DEPENDENT : Behaviour.ADDRESS_AND_PORT_DEPENDENT;
    }

    private Behaviour filtering(Endpoint server) throws IOException, StunException {
        if (binding(server, StunMessage.CHANGE_IP | StunMessage.CHANGE_PORT).isPresent()) {
            return Behaviour.ENDPOINT_INDEPENDENT;
        }
        return binding(server, StunMessage.CHANGE_PORT).isPresent()
                ? Behaviour.ADDRESS_DEPENDENT : Behaviour.ADDRESS_AND_PORT_DEPENDENT;
    }

    /** One Binding transaction; empty when no answer came in any attempt. */
    Optional<Response> binding(Endpoint server, int changeFlags) throws IOException, StunException {
        byte[] tid = new byte[12];
        RANDOM.nextBytes(tid);
        byte[] request = StunMessage.bindingRequest(tid, changeFlags);
        int previousTimeout = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        try {
            for (int i = 0; i < attempts; i++) {
                socket.send(new DatagramPacket(request, request.length, server.toSocketAddress()));
                Optional<Response> r = awaitAnswer(tid);
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.empty();
        } finally {
            socket.setSoTimeout(previousTimeout);
        }
    }

    private Optional<Response> awaitAnswer(byte[] tid) throws IOException, StunException {
        byte[] buf = new byte[1500];
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            if (p.getLength() >= StunMessage.HEADER && matches(buf, tid)) {
                return Optional.of(StunMessage.parseResponse(buf, p.getLength(), tid));
            }
            // a stray datagram (an earlier attempt's late answer, say): keep waiting
        }
        return Optional.empty();
    }

    private static boolean matches(byte[] buf, byte[] tid) {
        return java.util.Arrays.equals(buf, 8, 20, tid, 0, 12);
    }
}
