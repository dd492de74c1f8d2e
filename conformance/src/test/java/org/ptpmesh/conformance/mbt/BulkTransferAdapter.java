package org.ptpmesh.conformance.mbt;

import static org.ptpmesh.conformance.mbt.BulkTransferModelValues.lostOne;
import static org.ptpmesh.conformance.mbt.BulkTransferModelValues.nameOf;
import static org.ptpmesh.conformance.mbt.BulkTransferModelValues.received;
import static org.ptpmesh.conformance.mbt.BulkTransferModelValues.requestedBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.MemorySource;
import org.ptpmesh.transfer.MemoryStore;
import org.ptpmesh.transfer.Route;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferTimer;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Drives a sending and a receiving {@link TransferEndpoint} along transitions of
 * spec/mbt/MBTBulkTransfer.tla and is their network: every datagram between them is held here,
 * named as the model names it ({@code REQUEST 2}, {@code BLOCK 2}, {@code DONE}; blocks counted
 * from 1 as in the model), and delivered, lost or left in flight as the transition says.
 *
 * <p>The core takes some of the model's steps in one callback: a block's arrival asks for the
 * next block at once (and, the last one, completes and sends DONE), and an OFFER is answered
 * with the cookie challenge and the hash list exchange before the first block is asked for
 * (docs/transfer.md, "Strangers" and "Integrity"). The datagrams of those later steps are held
 * back until the model takes them ({@code RequestLowest}, {@code CompleteStep}), and must then be
 * exactly the model's. Compared after every step: the datagrams in flight, the blocks accepted
 * (each once, the object intact at the end), the blocks requested and their re-requests, the
 * receiver's state and whether the sender still serves the transfer.
 */
final class BulkTransferAdapter implements ModelAdapter {

    private static final String NAME = "mbt-object";
    private static final Endpoint SENDER = Endpoint.of("192.0.2.1", 7000);
    private static final Endpoint RECEIVER = Endpoint.of("192.0.2.2", 7000);
    private static final Route TO_RECEIVER = new Route.Direct(7000, RECEIVER);
    private static final Route TO_SENDER = new Route.Direct(7000, SENDER);
    /** Bytes per block: small, the model's block contents are single letters. */
    private static final int BLOCK_SIZE = 64;
    /** The request timer's RTO (no RTT is measured: every step happens within one millisecond). */
    private static final long RTO_MILLIS = 100;
    /** The sender's idle tick; it forgets after two silent ticks, far beyond any run of RTOs here. */
    private static final long IDLE_TICK_MILLIS = 60_000;
    /** Timer firings one model step may take (a timer re-armed for later fires again). */
    private static final int FIRINGS_PER_STEP = 4;

    private final byte[] object;
    private final int blocks;
    private final MemoryStore store = new MemoryStore();
    private final RecordingEffects senderOut = new RecordingEffects();
    private final RecordingEffects receiverOut = new RecordingEffects();
    private final TransferEndpoint sender;
    private final TransferEndpoint receiver;
    /** Datagrams in the network, by the model's name. */
    private final Map<String, byte[]> net = new LinkedHashMap<>();
    /** REQUESTs the receiver sent in a callback whose later step the model has not taken yet. */
    private final Map<String, byte[]> heldRequests = new LinkedHashMap<>();
    private byte[] heldDone;
    /** What the receiver's trace events say: blocks accepted (0-based), blocks requested, re-requests, state. */
    private final int[] accepted;
    private final Set<Integer> requested = new TreeSet<>();
    private final int[] retries;
    private String receiverState = "WAITING";
    private long now;

    /**
     * @param initial the model's initial state
     * @param probes  the model's PROBES: probe timeouts in a row, nothing arriving, before the receiver gives up
     */
    BulkTransferAdapter(Map<String, Object> initial, long probes) {
        blocks = ModelValues.seq(initial, "have").size();
        // the last block is half a block: the core's short last block is part of every run
        object = new byte[blocks * BLOCK_SIZE - BLOCK_SIZE / 2];
        new SplittableRandom(blocks).nextBytes(object);
        accepted = new int[blocks];
        this.retries = new int[blocks];
        TransferConfig config = TransferConfig.builder().blockSize(BLOCK_SIZE).initialWindow(1).minWindow(1).maxWindow(1)
                .maxRetries((int) probes).initialRtoMillis(RTO_MILLIS).minRtoMillis(RTO_MILLIS).maxRtoMillis(8 * RTO_MILLIS)
                .idleTickMillis(IDLE_TICK_MILLIS).idleMillis(2 * IDLE_TICK_MILLIS).offerRetryMillis(Long.MAX_VALUE / 4)
                .build();
        sender = new TransferEndpoint(config, PeerId.of(new byte[16]), "sender", BlockStore.NONE,
                TransferEndpoint.Catalog.NONE, report -> { }, new SplittableRandom(1));
        receiver = new TransferEndpoint(config, PeerId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                "receiver", store, TransferEndpoint.Catalog.NONE, report -> { }, new SplittableRandom(2));
        MemorySource source = new MemorySource(object);
        sender.offer(NAME, source, source.sha256(), TO_RECEIVER, now, senderOut);
        net.put("OFFER", only(senderOut.drain(), MessageKind.OFFER));
        check(initial);
    }

    @Override
    public void apply(String action, Map<String, Object> from, Map<String, Object> to) {
        now++;
        // a datagram received while the network's duplicates last may stay behind, to arrive again
        boolean duplicated = ((Number) to.get("dups")).longValue() < ((Number) from.get("dups")).longValue();
        switch (action) {
            case "ReceiveOfferStep" -> receiveOffer(take("OFFER", duplicated));
            case "RequestLowest" -> release(requestedBlock(ModelValues.added(from, to, "requested")));
            case "ServeBlockStep" -> serve(received(from, to, "REQUEST"), duplicated);
            case "ReceiveBlockStep" -> receiveBlock(received(from, to, "BLOCK"), duplicated);
            case "TimeoutWhenLost" -> timeout();
            case "CompleteStep" -> complete();
            case "ReceiveDoneStep" -> sender.onMessage(take("DONE", duplicated), TO_RECEIVER, now, senderOut);
            case "SenderIdleAtEnd" -> fireSenderUntil("SenderIdleTick");
            case "ForgetTransferStep" -> fireSenderUntil("ForgetTransfer");
            case "LoseBounded" -> remove(lostOne(from, to));
            case "FinishedStep" -> { }
            default -> throw new IllegalArgumentException("no such step of MBTBulkTransfer: " + action);
        }
        collect();
        check(to);
    }

    /** The OFFER, the cookie challenge and the hash list exchange, until the receiver asks for a block. */
    private void receiveOffer(byte[] offer) {
        receiver.onMessage(offer, TO_SENDER, now, receiverOut);
        for (int round = 0; round < FIRINGS_PER_STEP && heldRequests.isEmpty(); round++) {
            for (Sent s : receiverOut.drain()) {
                if (asksForBlocks(s)) {
                    hold(s);
                } else {
                    sender.onMessage(s.payload(), TO_RECEIVER, now, senderOut);
                }
            }
            for (Sent s : senderOut.drain()) {
                receiver.onMessage(s.payload(), TO_SENDER, now, receiverOut);
            }
        }
        receiverOut.drain().stream().filter(BulkTransferAdapter::asksForBlocks).forEach(this::hold);
        if (heldRequests.isEmpty()) {
            throw new AssertionError("the receiver asked for no block after the offer and its hash lists");
        }
    }

    private void serve(String request, boolean duplicated) {
        sender.onMessage(take(request, duplicated), TO_RECEIVER, now, senderOut);
        List<Sent> out = senderOut.drain();
        if (out.size() != 1 || out.get(0).message().kind() != MessageKind.BLOCK) {
            throw new AssertionError("the sender answered " + request + " with " + kinds(out) + ", not one BLOCK");
        }
        Message block = out.get(0).message();
        String name = "BLOCK " + (block.uint(TlvTypes.BLOCKNUM).orElse(-1) + 1);
        if (!name.equals(request.replace("REQUEST", "BLOCK"))) {
            throw new AssertionError("the sender answered " + request + " with " + name);
        }
        net.put(name, out.get(0).payload());
    }

    private void receiveBlock(String block, boolean duplicated) {
        receiver.onMessage(take(block, duplicated), TO_SENDER, now, receiverOut);
        for (Sent s : receiverOut.drain()) {
            if (asksForBlocks(s)) {
                hold(s);
            } else if (s.message().kind() == MessageKind.DONE) {
                heldDone = s.payload();
            } else {
                throw new AssertionError("the receiver answered " + block + " with a " + s.message().kind());
            }
        }
    }

    /**
     * The receiver's request timer, fired when due: it asks again for the block (straight into the
     * network, as the model's RequestTimeout does) or gives up. Its CANCEL on giving up is dropped:
     * the model's sender hears nothing when the receiver gives up and forgets by its idle timer.
     */
    private void timeout() {
        fireUntil(receiver, receiverOut, TransferTimer.Role.RECEIVE, "RequestTimeout");
        for (Sent s : receiverOut.drain()) {
            if (asksForBlocks(s)) {
                net.put(requestName(s), s.payload());
            } else if (s.message().kind() != MessageKind.CANCEL) {
                throw new AssertionError("the receiver's request timer sent a " + s.message().kind());
            }
        }
    }

    private void complete() {
        if (heldDone == null) {
            throw new AssertionError("the receiver sent no DONE with every block in");
        }
        net.put("DONE", heldDone);
        heldDone = null;
    }

    /** The sender's idle timer, fired when due until it logs {@code event}; it sends nothing then. */
    private void fireSenderUntil(String event) {
        fireUntil(sender, senderOut, TransferTimer.Role.SEND, event);
        if (!senderOut.drain().isEmpty()) {
            throw new AssertionError("the sender sent a datagram at its idle tick");
        }
    }

    /** Fires {@code end}'s timer of {@code role} when due (the clock moves there) until it logs {@code event}. */
    private void fireUntil(TransferEndpoint end, RecordingEffects out, TransferTimer.Role role, String event) {
        int before = out.trace.size();
        for (int firing = 0; firing < FIRINGS_PER_STEP && !logged(out, before, event); firing++) {
            TransferTimer key = timerOf(out, role);
            now = Math.max(now, out.timers.get(key));
            end.onTimer(key, now, out);
        }
        if (!logged(out, before, event)) {
            throw new AssertionError("the " + role + " timer took no " + event);
        }
    }

    // ------------------------------------------------------------------ what the core did

    /** Reads the trace events the step logged into what the receiver has done. */
    private void collect() {
        for (TraceEvent e : receiverOut.trace) {
            Object block = e.params().get("block");
            int b = block instanceof Number n ? n.intValue() : -1;
            switch (e.event()) {
                case "RequestBlock" -> requested.add(b);
                case "ReceiveBlock" -> {
                    requested.remove(b);
                    if (Boolean.TRUE.equals(e.params().get("new"))) {
                        accepted[b]++;
                    }
                }
                case "RequestTimeout", "DetectLoss" -> {
                    if (!Boolean.TRUE.equals(e.params().get("gaveUp"))) {
                        retries[b] = ((Number) e.params().get("retry")).intValue();
                    }
                }
                default -> { }
            }
            Object state = e.state().get("rcvState");
            if (state != null) {
                receiverState = state.toString();
                Object outstanding = e.state().get("requested");
                if (outstanding instanceof Number n && n.intValue() != requested.size() && "RECEIVING".equals(receiverState)) {
                    throw new AssertionError("the receiver logged " + n + " blocks requested, its steps say " + requested);
                }
            }
        }
        receiverOut.trace.clear();
        senderOut.trace.clear();
    }

    private void check(Map<String, Object> model) {
        Set<String> modelNet = new TreeSet<>();
        ModelValues.set(model.get("net")).forEach(m -> modelNet.add(nameOf(m)));
        if (!modelNet.equals(new TreeSet<>(net.keySet()))) {
            throw new AssertionError("in flight: the model has " + modelNet + ", the endpoints " + net.keySet());
        }
        List<Object> modelAccepted = ModelValues.seq(model, "accepted");
        List<Object> modelRetries = ModelValues.seq(model, "retries");
        Set<Integer> modelRequested = new TreeSet<>();
        for (int b = 0; b < blocks; b++) {
            if (accepted[b] != ((Number) modelAccepted.get(b)).intValue()) {
                throw new AssertionError("block " + (b + 1) + " accepted " + accepted[b] + " times, the model "
                        + modelAccepted.get(b));
            }
            if (retries[b] != ((Number) modelRetries.get(b)).intValue()) {
                throw new AssertionError("block " + (b + 1) + " asked for again " + retries[b] + " times, the model "
                        + modelRetries.get(b));
            }
        }
        ModelValues.set(model.get("requested")).forEach(i -> modelRequested.add(((Number) i).intValue() - 1));
        String rcvState = (String) model.get("rcvState");
        if ("receiving".equals(rcvState)) {
            // a request the core made in the callback of the model's previous step, not taken by the model yet
            heldRequests.keySet().forEach(r -> modelRequested.add(Integer.parseInt(r.substring("REQUEST ".length())) - 1));
            if (!modelRequested.equals(requested)) {
                throw new AssertionError("requested: the model " + plusOne(modelRequested) + ", the receiver " + plusOne(requested));
            }
        }
        checkReceiverState(rcvState, ModelValues.seq(model, "have"));
        boolean forgotten = "forgotten".equals(model.get("sndState"));
        if (forgotten != (sender.activeTransfers() == 0)) {
            throw new AssertionError("the model's sender is " + model.get("sndState") + ", the sender serves "
                    + sender.activeTransfers() + " transfers");
        }
    }

    /** The core completes in the callback of the last block, the model in a step of its own after it. */
    private void checkReceiverState(String rcvState, List<Object> have) {
        boolean allIn = have.stream().noneMatch("none"::equals);
        String expected = switch (rcvState) {
            case "waiting" -> "WAITING";
            case "receiving" -> allIn ? "COMPLETE" : "RECEIVING";
            case "complete" -> "COMPLETE";
            case "gaveup" -> "GAVE_UP";
            default -> throw new IllegalArgumentException("no such receiver state: " + rcvState);
        };
        if (!expected.equals(receiverState)) {
            throw new AssertionError("the model's receiver is " + rcvState + (allIn ? " with every block" : "")
                    + ", the core's " + receiverState);
        }
        boolean complete = "COMPLETE".equals(expected);
        if (complete != (store.object(NAME) != null) || complete && !Arrays.equals(store.object(NAME), object)) {
            throw new AssertionError("the receiver is " + receiverState + ", its store holds "
                    + (store.object(NAME) == null ? "no" : "another") + " object");
        }
        if ("GAVE_UP".equals(expected) != (receiver.receptions() == 0 && !"WAITING".equals(expected) && !complete)) {
            throw new AssertionError("the receiver is " + receiverState + " with " + receiver.receptions() + " receptions");
        }
    }

    // ------------------------------------------------------------------ the network

    private void hold(Sent request) {
        heldRequests.put(requestName(request), request.payload());
    }

    /** RequestLowest: the REQUEST the receiver sent already must be the model's, for the lowest missing block. */
    private void release(int block) {
        String name = "REQUEST " + block;
        byte[] datagram = heldRequests.remove(name);
        if (datagram == null || !heldRequests.isEmpty()) {
            throw new AssertionError("the model asks for block " + block + ", the receiver for " + (datagram == null
                    ? heldRequests.keySet() : name + " and " + heldRequests.keySet()));
        }
        net.put(name, datagram);
    }

    /** The datagram {@code name} for delivery, left in the network when {@code duplicated}. */
    private byte[] take(String name, boolean duplicated) {
        byte[] datagram = duplicated ? net.get(name) : net.remove(name);
        if (datagram == null) {
            throw new AssertionError("no " + name + " in flight");
        }
        return datagram;
    }

    private byte[] remove(String name) {
        return take(name, false);
    }

    private static byte[] only(List<Sent> sent, MessageKind kind) {
        if (sent.size() != 1 || sent.get(0).message().kind() != kind) {
            throw new AssertionError("expected one " + kind + ", got " + kinds(sent));
        }
        return sent.get(0).payload();
    }

    private static boolean asksForBlocks(Sent s) {
        return s.message().kind() == MessageKind.REQUEST && s.message().has(TlvTypes.BLOCKNUM);
    }

    /** {@code REQUEST b} of a REQUEST for one block and no hash list, as the window of one block makes them. */
    private static String requestName(Sent s) {
        Message m = s.message();
        if (m.all(TlvTypes.BLOCKNUM).size() != 1 || m.has(TlvTypes.HASHNODE)) {
            throw new AssertionError("a REQUEST for " + m.all(TlvTypes.BLOCKNUM).size() + " blocks"
                    + (m.has(TlvTypes.HASHNODE) ? " and hash lists" : "") + " with a window of one block");
        }
        return "REQUEST " + (m.uint(TlvTypes.BLOCKNUM).orElseThrow() + 1);
    }

    private static TransferTimer timerOf(RecordingEffects out, TransferTimer.Role role) {
        return out.timers.keySet().stream().filter(k -> k instanceof TransferTimer t && t.role() == role)
                .map(TransferTimer.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + role + " timer is set"));
    }

    private static boolean logged(RecordingEffects out, int from, String event) {
        return out.trace.subList(from, out.trace.size()).stream().anyMatch(e -> e.event().equals(event));
    }

    private static List<String> kinds(List<Sent> sent) {
        List<String> kinds = new ArrayList<>();
        sent.forEach(s -> kinds.add(String.valueOf(s.message().kind())));
        return kinds;
    }

    private static Set<Integer> plusOne(Set<Integer> blocks) {
        Set<Integer> out = new TreeSet<>();
        blocks.forEach(b -> out.add(b + 1));
        return out;
    }
}
