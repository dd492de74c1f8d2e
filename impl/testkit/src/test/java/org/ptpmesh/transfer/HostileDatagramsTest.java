package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/** What an endpoint does with datagrams nobody should send it: counts them, never crashes, never amplifies. */
class HostileDatagramsTest {

    private static final Endpoint RECEIVER = Endpoint.of("192.0.2.2", 7000);
    private static final Endpoint STRANGER = Endpoint.of("192.0.2.66", 7000);

    private final RecordingEffects out = new RecordingEffects();
    private final TransferEndpoint sender = new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[16]), "sender",
            (o, f) -> new BlockStore.Refused("sends only"), TransferEndpoint.Catalog.NONE, TransferListener.NONE,
            new SplittableRandom(1));
    private final TransferCodec stranger = new TransferCodec(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});

    private long offer() {
        MemorySource source = new MemorySource(new byte[100_000]);
        long id = sender.offer("x.bin", source, source.sha256(), new Route.Direct(7000, RECEIVER), 0, out);
        out.drain();
        return id;
    }

    @Property
    void randomBytesAreCountedAndIgnored(@ForAll byte[] junk) {
        long before = sender.drops().total();
        sender.onMessage(junk, new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).isEmpty();
        assertThat(sender.drops().total()).isEqualTo(before + 1);
    }

    @Test
    void aRequestFromAnotherAddressIsNotAnswered() {
        long id = offer();
        byte[] request = stranger.request(id, new int[] {0, 1, 2, 3}, 4);
        sender.onMessage(request, new Route.Direct(7000, STRANGER), 5, out);
        assertThat(out.sent).isEmpty();
        assertThat(sender.drops().get("request_off_route")).isEqualTo(1);
        sender.onMessage(request, new Route.Direct(7000, RECEIVER), 6, out);
        assertThat(out.sent).hasSize(4).allMatch(s -> s.to().equals(RECEIVER));
    }

    @Test
    void aRequestForAnUnknownTransferGetsACancelNoBiggerThanItself() {
        byte[] request = stranger.request(12345, new int[] {0}, 1);
        sender.onMessage(request, new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).hasSize(1);
        assertThat(out.sent.get(0).message().kind()).isEqualTo(MessageKind.CANCEL);
        assertThat(out.sent.get(0).message().uint(TlvTypes.ERRCODE).getAsLong()).isEqualTo(ErrorCode.UNKNOWN_TRANSFER.code());
        assertThat(out.sent.get(0).payload().length).isLessThanOrEqualTo(request.length);
    }

    @Test
    void blockNumbersOutsideTheObjectAreCounted() {
        long id = offer();
        byte[] request = stranger.request(id, new int[] {1_000_000}, 1);
        sender.onMessage(request, new Route.Direct(7000, RECEIVER), 5, out);
        assertThat(out.sent).isEmpty();
        assertThat(sender.drops().get("request_out_of_range")).isEqualTo(1);
    }

    @Test
    void blocksOfATransferNobodyOfferedAreCounted() {
        TransferEndpoint receiver = new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8,
                9, 10, 11, 12, 13, 14, 15, 16}), "receiver", new MemoryStore(), TransferEndpoint.Catalog.NONE,
                TransferListener.NONE, new SplittableRandom(2));
        receiver.onMessage(stranger.block(77, 0, new byte[10], 10), new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).isEmpty();
        assertThat(receiver.drops().get("block_unknown_transfer")).isEqualTo(1);
    }
}
