package org.ptpmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListPager;
import org.ptpmesh.wire.list.ListHeader;

/**
 * What forged lists can do to a mesh client: lists count only from the server's address, a flood
 * of pages claiming 65,535 each holds nothing, and a LISTID far ahead does not freeze the view.
 * Also the client's side of the server's address validation: it echoes a challenge's cookie.
 */
class MeshClientListBoundsTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final Endpoint SERVER = Endpoint.of("198.51.100.1", 23456);
    private static final Endpoint ME = Endpoint.of("10.0.0.2", 5000);

    private final RecordingEffects out = new RecordingEffects();
    private final MeshClient client = new MeshClient(ClientConfig.of(SERVER, 5000, ME, id(0)).withTimers(7_000, 500, 2_000));

    private static byte[] id(int n) {
        return ByteBuffer.allocate(16).putLong(7).putLong(n).array();
    }

    private static List<ClientEntry> peers(int first, int n) {
        List<ClientEntry> entries = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            entries.add(new ClientEntry(Endpoint.of("203.0.113." + (i % 250 + 1), 6000 + i % 50_000), null, id(i), 1));
        }
        return entries;
    }

    private void list(Endpoint from, long listId, List<ClientEntry> entries) {
        ListHeader header = new ListHeader(2, 1, id(0), Timestamps.fromMillis(T0), Endpoint.of("198.51.100.9", 5000));
        for (Message page : ClientListPager.paginate(header, entries, listId, ClientListPager.Audience.PTPMESH).messages()) {
            client.onDatagram(5000, from, Codec.encode(page), T0, out);
        }
    }

    /** A page of LISTID {@code listId} claiming {@code count} pages, 40 entries each. */
    private static byte[] forgedPage(long listId, int page, int count) {
        ListHeader header = new ListHeader(2, 1, id(0), Timestamps.fromMillis(T0), ME);
        Message one = ClientListPager.paginate(header, peers(page * 40, 40), listId, ClientListPager.Audience.PTPMESH)
                .messages().get(0);
        Message.Builder b = Message.builder();
        one.tlvs().stream().filter(t -> t.type() != TlvTypes.CLIENTLEN).forEach(b::add);
        return Codec.encode(b.uint(TlvTypes.LISTID, listId).uint(TlvTypes.PAGE, page).uint(TlvTypes.PAGECOUNT, count)
                .uint(TlvTypes.CLIENTLEN, 40, 1).build());
    }

    @Test
    void aListCountsOnlyFromTheServersAddress() {
        client.start(T0, out);
        list(Endpoint.of("198.51.100.1", 23457), 1, peers(1, 3));
        list(Endpoint.of("198.51.100.2", 23456), 2, peers(1, 3));
        assertThat(client.snapshot().peers()).isEmpty();
        list(SERVER, 3, peers(1, 3));
        client.onTimer(MeshClient.Timer.PROBE, T0 + 500, out);
        assertThat(client.snapshot().peers()).hasSize(3);
    }

    @Test
    void fourteenThousandForgedPagesClaiming65535EachAreRefusedAndTheNextListStillCounts() {
        client.start(T0, out);
        for (int i = 0; i < 14_000; i++) {
            client.onDatagram(5000, SERVER, forgedPage(7, i, 65_535), T0, out);
        }
        assertThat(client.snapshot().dropped()).isEqualTo(0); // the snapshot refreshes at the next probe round
        client.onTimer(MeshClient.Timer.PROBE, T0 + 500, out);
        assertThat(client.snapshot().dropped()).isEqualTo(14_000);
        list(SERVER, 8, peers(1, 100));
        client.onTimer(MeshClient.Timer.PROBE, T0 + 1_000, out);
        assertThat(client.snapshot().peers()).hasSize(100);
    }

    @Test
    void aForgedListidFarAheadDoesNotFreezeTheView() {
        client.start(T0, out);
        list(SERVER, 5, peers(1, 100));
        // 2^31 - 1 ahead, as the forger sent it: one page, then nothing
        client.onDatagram(5000, SERVER, forgedPage(5 + 0x7FFF_FFFFL, 0, 2), T0, out);
        list(SERVER, 6, peers(200, 50));
        client.onTimer(MeshClient.Timer.PROBE, T0 + 500, out);
        assertThat(client.snapshot().peers()).hasSize(50)
                .allSatisfy(p -> assertThat(p.id()).isNotEqualTo(java.util.HexFormat.of().formatHex(id(1))));
    }

    @Test
    void aChallengesCookieIsEchoedToTheServer() {
        client.start(T0, out);
        long myts = out.drain().get(0).message().uint(TlvTypes.MYTS).orElseThrow();
        long cookie = 0x0123_4567_89ab_cdefL;
        byte[] challenge = Codec.encode(Message.of(MessageKind.ECHO, id(0)).uint(TlvTypes.SERVERVER, 2)
                .uint(TlvTypes.SEQUENCE, 0, 1).uint(TlvTypes.MYTS, cookie, 8).uint(TlvTypes.YOURTS, myts, 8).build());
        client.onDatagram(5000, SERVER, challenge, T0 + 30, out);
        List<Sent> sent = out.drain();
        assertThat(sent).hasSize(2).allMatch(s -> s.to().equals(SERVER));
        assertThat(sent.get(0).message()).satisfies(m -> {
            assertThat(m.kind()).isEqualTo(MessageKind.ECHO);
            assertThat(m.uint(TlvTypes.YOURTS)).hasValue(cookie);
            assertThat(m.bytes(TlvTypes.UUID)).hasValue(id(0));
        });
        // the challenge carried MSGKIND: the server speaks ptpmesh, so a full-form registration follows the echo
        assertThat(sent.get(1).message().uint(TlvTypes.MSGKIND)).hasValue(MessageKind.REGISTER.code());
        // the same from anyone else is no challenge of our server's
        client.onDatagram(5000, Endpoint.of("192.0.2.1", 23456), challenge, T0 + 40, out);
        assertThat(out.drain()).isEmpty();
    }
}
