package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.rendezvous.ServerHarness.addr;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MeshMarker;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;

/**
 * The server answers in full form (MSGKIND first, peer ids and NAT types in lists) a client whose
 * latest registration carried MSGKIND or, in ptptest 2014's shape, the ptpmesh marker in META;
 * anything else in ptptest 2014's shape. That MSGKIND is how a ptpmesh client learns the server
 * speaks ptpmesh (docs/protocol.md 6.1).
 */
class AnswerFormTest {

    private static final Endpoint A = addr("198.51.100.7", 40000);
    private static final Endpoint B = addr("198.51.100.8", 40000);

    private final ServerHarness h = new ServerHarness(ServerHarness.config());

    /** A registration in ptptest 2014's shape and order, with {@code meta} unless null. */
    private byte[] ptptestShaped(int client, String meta) {
        Message.Builder b = Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 1, 4)
                .bytes(TlvTypes.UUID, ServerHarness.id(client)).address(TlvTypes.PTPADDR, addr("192.168.1.10", 3456))
                .uint(TlvTypes.MYTS, Timestamps.fromMillis(h.now), 8);
        if (meta != null) {
            b.json(TlvTypes.META, meta);
        }
        return Codec.encode(b.build());
    }

    private byte[] fullForm(int client, int nat) {
        return Codec.encode(Message.of(MessageKind.REGISTER, ServerHarness.id(client)).uint(TlvTypes.CLIENTVER, 2)
                .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, addr("192.168.1.10", 3456))
                .uint(TlvTypes.MYTS, Timestamps.fromMillis(h.now)).uint(TlvTypes.NAT, nat).build());
    }

    /**
     * Sends {@code datagram} from {@code from}; a challenge is answered as a client does and the
     * registration sent again, so the reply looked at is the server's answer to a validated address.
     */
    private Message answerTo(Endpoint from, byte[] datagram) {
        h.receive(from, datagram);
        if (h.answerChallenge(from)) {
            h.receive(from, datagram);
        }
        return onlyReply();
    }

    private Message onlyReply() {
        List<Sent> replies = h.drain();
        assertThat(replies).hasSize(1);
        return replies.get(0).message();
    }

    @Test
    void aMarkedPtptestShapedRegistrationIsAnsweredInFullForm() {
        answerTo(B, fullForm(2, 1));
        answerTo(A, ptptestShaped(1, MeshMarker.mark("{\"peer\":\"198.51.100.8:40000\",\"tx\":1,\"rtt\":[1,1,1,1]}")));
        Message echo = answerTo(A, ptptestShaped(1, MeshMarker.ALONE));
        assertThat(echo.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(echo.uint(TlvTypes.MSGKIND)).hasValue(MessageKind.ECHO.code());

        h.advance(0);
        Message list = h.drain().stream().filter(s -> s.to().equals(A)).findFirst().orElseThrow().message();
        assertThat(list.uint(TlvTypes.MSGKIND)).hasValue(MessageKind.LIST.code());
        assertThat(list.bytes(TlvTypes.CLIENTLIST_ID)).hasValueSatisfying(id -> assertThat(id).isEqualTo(ServerHarness.id(2)));
        assertThat(list.uint(TlvTypes.CLIENTLIST_NAT)).hasValue(1);
    }

    @Test
    void ptptestShapedRegistrationsWithoutTheMarkerAreAnsweredInPtptestsShape() {
        // what a ptptest 2014 client puts in META, and a marker nested where it does not count
        for (String meta : new String[] {null, "{\"127.0.0.1-23456\": {\"stats\": {\"rtt\": 0}}}", "{\"x\":{\"ptpmesh\":1}}"}) {
            Message echo = answerTo(A, ptptestShaped(1, meta));
            assertThat(echo.kind()).isEqualTo(MessageKind.ECHO);
            assertThat(echo.has(TlvTypes.MSGKIND)).as("META %s", meta).isFalse();
        }
    }

    @Test
    void theAnswersFollowTheLatestRegistration() {
        assertThat(answerTo(A, fullForm(1, 2)).has(TlvTypes.MSGKIND)).isTrue();
        // the same client restarted with --legacy
        assertThat(answerTo(A, ptptestShaped(1, null)).has(TlvTypes.MSGKIND)).isFalse();
        h.advance(0);
        assertThat(h.drain()).singleElement().satisfies(s -> assertThat(s.message().has(TlvTypes.MSGKIND)).isFalse());
    }

    @Test
    void aRegistrationWithoutNatKeepsTheKnownNatAndAnnouncesNothing() {
        answerTo(A, fullForm(1, 2));
        answerTo(B, fullForm(2, 1));
        h.advance(0);
        h.drain();
        h.advance(2_000);
        h.drain();
        // A's server went quiet for a moment: A registers in ptptest's shape again, which has no NAT
        long periodic = h.out.timers.get(RendezvousServer.Timer.PUBLISH);
        h.receive(A, ptptestShaped(1, MeshMarker.ALONE));
        assertThat(h.out.timers.get(RendezvousServer.Timer.PUBLISH)).as("no list sooner than the periodic ones").isEqualTo(periodic);
        h.advance(2_000);
        assertThat(h.drain()).as("no publication for a registration that changed nothing").hasSize(1)
                .allMatch(s -> s.message().kind() == MessageKind.ECHO);
        assertThat(h.server.snapshot().rows()).filteredOn(r -> r.external().equals(A.toString()))
                .singleElement().satisfies(r -> assertThat(r.nat()).isEqualTo(2));
    }
}
