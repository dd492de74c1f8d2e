package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/**
 * Each end logs a step of spec/BulkTransfer.tla before the datagram the step sends: in a trace
 * that both ends of one process write (two runtimes, one sink), the receiving end's step then
 * always comes after the sending end's, so the file's order is causal and can be replayed.
 */
class StepLoggedBeforeDatagramTest {

    /** What an end did, in the order it did it: {@code send KIND} or the trace event's name. */
    private static final class OrderedEffects implements Effects {
        final RecordingEffects recorded = new RecordingEffects();
        final List<String> order = new ArrayList<>();

        @Override
        public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
            recorded.send(localPort, to, payload, ttl);
            order.add("send " + recorded.sent.get(recorded.sent.size() - 1).message().kind());
        }

        @Override
        public void bind(int port) {
            recorded.bind(port);
        }

        @Override
        public void unbind(int port) {
            recorded.unbind(port);
        }

        @Override
        public void setTimer(TimerKey key, long atMillis) {
            recorded.setTimer(key, atMillis);
        }

        @Override
        public void cancelTimer(TimerKey key) {
            recorded.cancelTimer(key);
        }

        @Override
        public void trace(TraceEvent event) {
            order.add(event.event());
        }
    }

    private static byte[] object(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void everyBlockIsLoggedAsServedBeforeItLeaves() {
        EndpointPair pair = new EndpointPair(TransferConfig.defaults());
        List<Sent> requests = pair.offerUntilBlocksAreAskedFor("ordered.bin", object(20_000), 0);
        OrderedEffects out = new OrderedEffects();

        for (Sent s : EndpointPair.only(requests, MessageKind.REQUEST)) {
            pair.sender.onMessage(s.payload(), EndpointPair.toReceiver(), 0, out);
        }

        List<String> served = out.order.stream().filter(e -> e.equals("ServeBlock") || e.equals("send BLOCK")).toList();
        assertThat(served).isNotEmpty();
        for (int k = 0; k < served.size(); k++) {
            // ServeBlock, its BLOCK, the next ServeBlock, its BLOCK, ...
            assertThat(served.get(k)).as("step %d of %s", k, served).isEqualTo(k % 2 == 0 ? "ServeBlock" : "send BLOCK");
        }
        assertThat(served.size() % 2).isZero();
    }

    @Test
    void completeIsLoggedBeforeTheDoneLeaves() {
        EndpointPair pair = new EndpointPair(TransferConfig.defaults());
        List<Sent> requests = pair.offerUntilBlocksAreAskedFor("ordered.bin", object(20_000), 0);
        OrderedEffects out = new OrderedEffects();
        // every datagram delivered, the receiver's last callbacks recorded in order
        while (!requests.isEmpty()) {
            pair.toSender(requests, 0);
            for (Sent s : pair.senderOut.drain()) {
                pair.receiver.onMessage(s.payload(), EndpointPair.toSender(), 0, out);
            }
            requests = out.recorded.drain();
            requests = requests.stream().filter(s -> s.message().kind() != MessageKind.DONE).toList();
        }

        assertThat(out.order).containsSubsequence("Complete", "send DONE");
        assertThat(out.order.indexOf("Complete")).isLessThan(out.order.indexOf("send DONE"));
    }
}
