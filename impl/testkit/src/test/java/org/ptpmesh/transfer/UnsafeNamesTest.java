package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/** Offers and fetches of names outside the safe set: refused before any store or catalog hears of them. */
class UnsafeNamesTest {

    private static final Endpoint SENDER = Endpoint.of("192.0.2.1", 7000);
    private static final Endpoint RECEIVER = Endpoint.of("192.0.2.2", 7000);
    private static final byte[] SHA = new byte[32];

    private final RecordingEffects out = new RecordingEffects();
    private final List<String> opened = new ArrayList<>();
    private final List<TransferReport> reports = new ArrayList<>();
    private final TransferEndpoint receiver = new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[16]), "receiver",
            (offer, from) -> {
                opened.add(offer.name());
                return new BlockStore.Refused("a test store");
            },
            name -> {
                opened.add(name);
                return null;
            }, reports::add, new SplittableRandom(1));
    private final TransferCodec stranger = new TransferCodec(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});

    private RecordingEffects.Sent onlyAnswer() {
        assertThat(out.sent).hasSize(1);
        return out.drain().get(0);
    }

    @Test
    void anOfferOfEachUnsafeKindGetsACancelSayingWhyNoLargerThanTheOffer() {
        String[] unsafe = {"invoice\u202efdp.exe", "csi\u009b2J", "esc\u001b]0;x", "a\u2215b", "a\uff0fb", ".hidden",
            "../up", "iso\u2066late", "r\u0065\u0301sum\u0065\u0301", "x".repeat(TransferDefaults.MAX_NAME_BYTES + 1)};
        for (String name : unsafe) {
            byte[] offer = stranger.offer(new Offer(7, name, 1000, 100, SHA, SHA, Offer.Mode.PUSHED), TransferCodec.NO_COOKIE);
            receiver.onMessage(offer, new Route.Direct(7000, SENDER), 0, out);
            RecordingEffects.Sent cancel = onlyAnswer();
            assertThat(cancel.message().kind()).as(name).isEqualTo(MessageKind.CANCEL);
            assertThat(cancel.message().uint(TlvTypes.ERRCODE).getAsLong()).isEqualTo(ErrorCode.UNSAFE_NAME.code());
            assertThat(cancel.payload().length).as(name).isLessThanOrEqualTo(offer.length);
        }
        assertThat(opened).isEmpty();
        assertThat(receiver.drops().get("unsafe_name")).isEqualTo(unsafe.length);
        assertThat(reports).hasSize(unsafe.length).allMatch(r -> r.outcome() == TransferReport.Outcome.REFUSED);
        assertThat(reports.get(0).detail()).isEqualTo("the name has U+202E, an invisible formatting character");
    }

    @Test
    void theSenderLearnsWhyItsNameWasRefused() {
        List<TransferReport> senderReports = new ArrayList<>();
        TransferEndpoint sender = new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8,
            9, 10, 11, 12, 13, 14, 15, 16}), "sender", (o, f) -> new BlockStore.Refused("sends only"), TransferEndpoint.Catalog.NONE,
                senderReports::add, new SplittableRandom(2));
        MemorySource source = new MemorySource(new byte[1000]);
        sender.offer("a long report name with an override \u202e.txt", source, source.sha256(), new Route.Direct(7000, RECEIVER), 0, out);
        receiver.onMessage(out.drain().get(0).payload(), new Route.Direct(7000, SENDER), 1, out);
        sender.onMessage(onlyAnswer().payload(), new Route.Direct(7000, RECEIVER), 2, out);
        assertThat(senderReports).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(TransferReport.Outcome.REFUSED);
            assertThat(r.detail()).contains(ErrorCode.UNSAFE_NAME.meaning(), "(the name has U+202E, an invisible formatting");
        });
    }

    @Test
    void aFetchOfAnUnsafeNameGetsACancelAndNeverReachesTheCatalog() {
        // a FETCH is looked at once its source has echoed a cookie (RETRY)
        receiver.onMessage(stranger.fetch(8, "x\u009b31mred", TransferCodec.NO_COOKIE), new Route.Direct(7000, SENDER), 0, out);
        byte[] cookie = onlyAnswer().message().bytes(TlvTypes.XFERCOOKIE).orElseThrow();
        byte[] fetch = stranger.fetch(8, "x\u009b31mred", cookie);
        receiver.onMessage(fetch, new Route.Direct(7000, SENDER), 0, out);
        RecordingEffects.Sent cancel = onlyAnswer();
        assertThat(cancel.message().uint(TlvTypes.ERRCODE).getAsLong()).isEqualTo(ErrorCode.UNSAFE_NAME.code());
        assertThat(cancel.payload().length).isLessThanOrEqualTo(fetch.length);
        assertThat(opened).isEmpty();
        assertThat(receiver.drops().get("unsafe_name")).isEqualTo(1);
    }

    @Test
    void aSafeNameStillReachesTheStore() {
        Offer offer = new Offer(9, "r\u00e9sum\u00e9.pdf", 1000, 100, SHA, SHA, Offer.Mode.PUSHED);
        Route from = new Route.Direct(7000, SENDER);
        receiver.onMessage(stranger.offer(offer, TransferCodec.NO_COOKIE), from, 0, out);
        assertThat(opened).as("nothing is opened before the sender echoed a cookie").isEmpty();
        receiver.onMessage(stranger.offer(offer, onlyAnswer().message().bytes(TlvTypes.XFERCOOKIE).orElseThrow()), from, 0, out);
        assertThat(opened).containsExactly("r\u00e9sum\u00e9.pdf");
        assertThat(receiver.drops().get("unsafe_name")).isZero();
    }
}
