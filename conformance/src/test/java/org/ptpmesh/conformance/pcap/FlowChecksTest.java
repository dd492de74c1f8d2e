package org.ptpmesh.conformance.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.conformance.pcap.ValidSessions.*;
import static org.ptpmesh.wire.TlvTypes.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;

/** The edges of the flow checks that the fixtures do not show: what is only noted, and the options. */
class FlowChecksTest {

    private static CaptureValidation validate(ValidationOptions options, List<FixtureWriter.Frame> frames) {
        List<CapturedDatagram> datagrams = new java.util.ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            FixtureWriter.Frame f = frames.get(i);
            datagrams.add(new CapturedDatagram(i + 1, f.micros(), f.source(), f.destination(), f.payload()));
        }
        return new CaptureValidator(options).validate(Path.of("test"), datagrams, 0);
    }

    @Test
    void anEchoOlderThanEveryCapturedMytsIsNotedNotRejected() {
        Script s = new Script();
        long early = s.myts();
        s.advanceMillis(1000);
        s.send(P, SERVER, Message.of(MessageKind.PING, ID_A).uint(NAT, 0).uint(MYTS, s.myts()).build());
        s.send(SERVER, P, Message.of(MessageKind.PONG, ID_I).address(YOURADDR, P).uint(NAT, 3).uint(YOURTS, early).build());
        CaptureValidation v = validate(ValidationOptions.defaults(), s.frames());
        assertThat(v.valid()).isTrue();
        assertThat(v.packets().get(1).notes()).anyMatch(n -> n.contains("predates"));
    }

    @Test
    void aListCutOffByTheEndOfTheCaptureIsNotedOnlyWithinTheGrace() {
        Script s = new Script();
        s.send(SERVER, P, Message.of(MessageKind.LIST, ID_A).uint(SERVERVER, 1).uint(SEQUENCE, 1).uint(MYTS, s.myts())
                .address(YOURADDR, P).uint(LISTID, 1).uint(PAGE, 0).uint(PAGECOUNT, 2).uint(CLIENTLEN, 0).build());
        CaptureValidation justEnded = validate(ValidationOptions.defaults(), s.frames());
        assertThat(justEnded.valid()).isTrue();
        assertThat(justEnded.packets().get(0).notes()).anyMatch(n -> n.contains("not judged"));

        s.advanceMillis(ListPagesCheck.GRACE_MICROS / 1000);
        s.send(P, Q, Message.of(MessageKind.KEEPALIVE, ID_A).build());
        CaptureValidation later = validate(ValidationOptions.defaults(), s.frames());
        assertThat(later.packets().get(0).violations()).extracting(Finding::code).containsExactly("list_incomplete");
    }

    @Test
    void theProbeBudgetIsPerAttemptAndConfigurable() {
        Script s = new Script();
        for (int attempt = 1; attempt <= 2; attempt++) {
            for (int n = 0; n < 3; n++) {
                s.send(P, new Endpoint(Q.address(), 2000 + n), Message.of(MessageKind.PUNCH, ID_A).uint(ATTEMPT, attempt)
                        .uint(PROBENUM, n).build());
            }
        }
        ValidationOptions three = new ValidationOptions(ValidationOptions.DEFAULT_PORTS, true, 1_000, 30_000, 3);
        assertThat(validate(three, s.frames()).valid()).isTrue();
        ValidationOptions two = new ValidationOptions(ValidationOptions.DEFAULT_PORTS, true, 1_000, 30_000, 2);
        assertThat(validate(two, s.frames()).violations()).isEqualTo(2);
    }

    @Test
    void trafficOfOtherPortsIsLeftAsideUnlessItsEndpointSpokeTheProtocol() {
        Endpoint stranger = Endpoint.of("192.0.2.1", 5353);
        Endpoint peerOfA = Endpoint.of("198.51.100.40", 40040);
        List<CapturedDatagram> udp = List.of(
                new CapturedDatagram(1, 0, stranger, Endpoint.of("192.0.2.2", 5353), new byte[] {1, 2, 3}),
                new CapturedDatagram(2, 1, A, SERVER, NegativeSessions.register(A, ID_A, 1)),
                new CapturedDatagram(3, 2, A, peerOfA, Codec.encode(Message.builder().uint(CLIENTVER, 1, 1)
                        .uint(SEQUENCE, 1, 4).bytes(UUID, ID_A).uint(MYTS, 5, 8).build())));
        assertThat(new TrafficSelector(ValidationOptions.defaults()).select(udp)).extracting(CapturedDatagram::frame)
                .containsExactly(2L, 3L);
        byte[] stunBindingRequest = java.util.HexFormat.of().parseHex("000100002112a442000102030405060708090a0b");
        List<CapturedDatagram> withStun = new java.util.ArrayList<>(udp);
        withStun.add(new CapturedDatagram(4, 3, A, Endpoint.of("203.0.113.9", 3478), stunBindingRequest));
        assertThat(new TrafficSelector(ValidationOptions.defaults()).select(withStun)).as("STUN from a ptpmesh socket is not ptpmesh")
                .extracting(CapturedDatagram::frame).containsExactly(2L, 3L);
        List<CapturedDatagram> withPcp = new java.util.ArrayList<>(udp);
        Endpoint gateway = Endpoint.of("10.1.0.1", 5351);
        withPcp.add(new CapturedDatagram(5, 4, A, gateway, new byte[60]));
        withPcp.add(new CapturedDatagram(6, 5, gateway, A, new byte[60]));
        assertThat(new TrafficSelector(ValidationOptions.defaults()).select(withPcp))
                .as("a peer's PCP and NAT-PMP with its gateway are taken, to be checked by their own rules")
                .extracting(CapturedDatagram::frame).containsExactly(2L, 3L, 5L, 6L);
        ValidationOptions portsOnly = new ValidationOptions(Set.of(23456), false, 1_000, 30_000, 1000);
        assertThat(new TrafficSelector(portsOnly).select(udp)).extracting(CapturedDatagram::frame).containsExactly(2L);
    }
}
