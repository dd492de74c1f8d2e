package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import org.ptpmesh.node.TimerKey;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/**
 * Re-requested blocks ride outside the window, but only up to a quarter of it: when a whole
 * window is lost at once (a receiver's socket buffer overflowing), asking for it again must not
 * put twice the window in flight, which would overflow the buffer again.
 */
class ReRequestAllowanceTest {

    private static final Endpoint SENDER = Endpoint.of("192.0.2.1", 7000);
    private static final Endpoint RECEIVER = Endpoint.of("192.0.2.2", 7000);
    private static final int WINDOW = 400;

    /** The window starts at 400 blocks and may grow (the largest window bounds re-requests too). */
    private final EndpointPair pair = new EndpointPair(TransferConfig.defaults().withWindow(WINDOW, WINDOW, 8 * WINDOW));
    private final RecordingEffects senderOut = pair.senderOut;
    private final RecordingEffects receiverOut = pair.receiverOut;
    private final TransferEndpoint sender = pair.sender;
    private final TransferEndpoint receiver = pair.receiver;
    private final List<TransferReport> reports = pair.receiverReports;

    @Test
    void aWholeWindowLostAtOnceIsAskedForAgainWithAtMostAQuarterWindowMore() {
        byte[] object = new byte[2_000 * BlockSizes.DIRECT];
        new SplittableRandom(3).nextBytes(object);

        // the sender serves the first window, and only block 0 of it reaches the receiver
        List<Sent> blocks = serve(requestsIn(pair.offerUntilBlocksAreAskedFor("burst.bin", object, 0)), 1);
        assertThat(blocks).hasSize(WINDOW);
        receiver.onMessage(blocks.get(0).payload(), new Route.Direct(7000, SENDER), 2, receiverOut);
        assertThat(requestsIn(receiverOut.drain())).as("a single free slot is not a batch").isEmpty();

        // nothing overtook the other 399: the request timer probes with the oldest of them (and
        // the few new blocks the slots freed so far allow), not with all of them
        TimerKey timer = receiverOut.timers.keySet().iterator().next();
        long due = receiverOut.timers.get(timer);
        receiver.onTimer(timer, due, receiverOut);
        List<Sent> probe = serve(requestsIn(receiverOut.drain()), due);
        assertThat(probe).hasSizeBetween(1, 4);

        // its answer overtakes the other 398: they are lost, and asked for again
        receiver.onMessage(probe.get(0).payload(), new Route.Direct(7000, SENDER), due + 1, receiverOut);
        int asked = serve(requestsIn(receiverOut.drain()), due + 1).size();

        // two blocks grew the window to 402 in startup; a whole window riding free would make this 800
        int window = WINDOW + 2;
        assertThat(asked).as("the 398 lost blocks, and new ones while no more than a quarter window rides free")
                .isGreaterThan(WINDOW)
                .isLessThanOrEqualTo(window + window / ReceiverTransfer.RE_REQUEST_SHARE);
        assertThat(reports).isEmpty();
    }

    private static List<Sent> requestsIn(List<Sent> sent) {
        return sent.stream().filter(s -> s.message().kind() == MessageKind.REQUEST).toList();
    }

    /** The BLOCKs the sender answers {@code requests} with. */
    private List<Sent> serve(List<Sent> requests, long now) {
        for (Sent request : requests) {
            sender.onMessage(request.payload(), new Route.Direct(7000, RECEIVER), now, senderOut);
        }
        return senderOut.drain().stream().filter(s -> s.message().kind() == MessageKind.BLOCK).toList();
    }
}
