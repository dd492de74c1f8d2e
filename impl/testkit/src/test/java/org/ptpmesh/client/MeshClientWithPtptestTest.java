package org.ptpmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PtptestCaptures;
import org.ptpmesh.wire.TlvTypes;

/**
 * A ptpmesh client among ptptest 2014's, fed the original's own datagrams: its server's echo and
 * lists (no YOURADDR in the echo, CLIENTLIST_INT after each entry, CLIENTLEN 0 when alone), a
 * peer's probe, which it answers with that MYTS as YOURTS, and a peer's echo. It drops none.
 */
class MeshClientWithPtptestTest {

    private static final long T0 = 1_796_596_638_000L;
    /** Where the original server ran when these datagrams were captured. */
    private static final Endpoint SERVER = Endpoint.of("127.0.0.1", 24115);
    /** The peer that the captured list names, by its CLIENTLIST_INT. */
    private static final Endpoint PEER = Endpoint.of("127.0.0.1", 34377);

    private final RecordingEffects out = new RecordingEffects();
    private final MeshClient client = new MeshClient(ClientConfig.of(SERVER, 36820, Endpoint.of("127.0.0.1", 36820),
            PtptestCaptures.bytes(PtptestCaptures.CLIENT_UUID)).withTimers(7_000, 500, 2_000));

    @Test
    void takesEveryDatagramTheOriginalSendsAClientAndAnswersItsProbe() {
        client.start(T0, out);
        out.drain();
        client.onDatagram(36820, SERVER, PtptestCaptures.bytes(PtptestCaptures.SERVER_ECHO), T0 + 2, out);
        client.onDatagram(36820, SERVER, PtptestCaptures.bytes(PtptestCaptures.LIST_EMPTY), T0 + 3, out);
        client.onDatagram(36820, SERVER, PtptestCaptures.bytes(PtptestCaptures.LIST_TWO), T0 + 2_000, out);
        List<Sent> echoes = out.drain();
        assertThat(echoes).as("an echo of each list's MYTS").hasSize(2).allSatisfy(e -> {
            assertThat(e.to()).isEqualTo(SERVER);
            assertThat(e.message().kind()).isEqualTo(MessageKind.ECHO);
        });
        assertThat(client.snapshot().peers()).extracting(ClientSnapshot.PeerRow::address)
                .containsExactly("127.0.0.1:34377", "127.0.0.1:44881");

        Message probe = ((DecodeResult.Decoded) Codec.decode(PtptestCaptures.bytes(PtptestCaptures.PROBE))).message();
        client.onDatagram(36820, PEER, PtptestCaptures.bytes(PtptestCaptures.PROBE), T0 + 2_100, out);
        client.onDatagram(36820, PEER, PtptestCaptures.bytes(PtptestCaptures.PEER_ECHO), T0 + 2_101, out);
        List<Sent> answers = out.drain();
        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.to()).isEqualTo(PEER);
            assertThat(a.message().kind()).isEqualTo(MessageKind.ECHO);
            assertThat(a.message().uint(TlvTypes.YOURTS)).isEqualTo(probe.uint(TlvTypes.MYTS));
        });
        client.onTimer(MeshClient.Timer.PROBE, T0 + 2_500, out);
        assertThat(client.snapshot().dropped()).as("nothing the original sent was refused").isZero();
    }
}
