package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ptpmesh.trace.BulkTransferAction;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.transfer.TransferDefaults;

/**
 * The transfers of a trace onto spec/BulkTransfer.tla (replayed by
 * spec/trace/TraceBulkTransfer.tla): each transfer ({@code params.xfer}) is one replay in which
 * its sender and its receiver are the model's two ends, their events in file order. Each event is
 * looked up by its action name.
 *
 * <table>
 * <caption>events replayed</caption>
 * <tr><td>ReceiveOffer, RequestBlock {block}, ReceiveBlock {block, new}, ShrinkWindow, Complete</td>
 * <td>the action of the same name (block b is the model's b + 1)</td></tr>
 * <tr><td>DetectLoss, RequestTimeout {block, retry}</td><td>the same action: a re-request, the
 * block's re-requests now {@code retry}</td></tr>
 * <tr><td>RequestTimeout {gaveUp, block}</td><td>RequestTimeout(b) giving up on b, asked for
 * RETRIES times</td></tr>
 * <tr><td>RequestTimeout {gaveUp, what}</td><td>giving up on something not a block: some requested
 * block's RequestTimeout giving up on the path, PROBES probe timeouts in a row with nothing
 * arriving</td></tr>
 * <tr><td>ServeBlock {block}, ReceiveDone, SenderIdleTick, ForgetTransfer</td><td>the action of
 * the same name</td></tr>
 * </table>
 *
 * The model's network is a set, so two copies of one REQUEST or BLOCK are one element plus a
 * duplicate: a receive is marked to leave its datagram behind exactly when the next use of the
 * same datagram is another receive (the first REQUESTs go twice, a block asked for again before
 * its answer arrives is served twice), and the model's DUPS is the number of such receives. A
 * trace written by one end only ({@code ptpmesh send --trace}, {@code receive --trace}) gets
 * the other end's steps that the logged ones need, unchecked: a ServeBlock before each block
 * received that no served block explains, or a RequestBlock before the first serving of a block,
 * its ReceiveBlock after it, and Complete before ReceiveDone.
 */
public final class TransferMapping implements TraceMapping {

    static final String SPEC = "TraceBulkTransfer";
    /** TraceBulkTransfer's giving up on something that is not a block: a dead path (or a hash list, not modelled). */
    static final String GIVE_UP = "GiveUp";
    /** The environment's loss of a datagram nothing receives: TraceBulkTransfer's Lose of message msg. */
    static final String LOSE = "Lose";

    private static final Vocabulary<BulkTransferAction> ACTIONS = new Vocabulary<>(BulkTransferAction.class);
    private static final Set<BulkTransferAction> SENDER_ACTIONS = Set.of(BulkTransferAction.SERVE_BLOCK,
            BulkTransferAction.RECEIVE_DONE, BulkTransferAction.SENDER_IDLE_TICK, BulkTransferAction.FORGET_TRANSFER);
    private static final String OFFER = "OFFER";
    private static final String DONE = "DONE";

    private final int maxWindow;
    private final long idleMillis;
    private final long idleTickMillis;

    /**
     * @param maxWindow      the receiver's largest window (the model's WINDOW)
     * @param idleMillis     the sender's idle timeout; a whole number of ticks, at least two
     * @param idleTickMillis the sender's idle tick
     */
    public TransferMapping(int maxWindow, long idleMillis, long idleTickMillis) {
        if (maxWindow < 1) {
            throw new IllegalArgumentException("the largest window must be at least 1 block, got " + maxWindow);
        }
        if (idleTickMillis <= 0 || idleMillis % idleTickMillis != 0 || idleMillis < 2 * idleTickMillis) {
            throw new IllegalArgumentException("the idle timeout (" + idleMillis + " ms) must be a whole number of idle ticks ("
                    + idleTickMillis + " ms), at least two");
        }
        this.maxWindow = maxWindow;
        this.idleMillis = idleMillis;
        this.idleTickMillis = idleTickMillis;
    }

    @Override
    public String name() {
        return "transfer";
    }

    @Override
    public List<MappedTrace> map(TraceLog log) {
        Map<String, List<Integer>> byTransfer = new LinkedHashMap<>();
        for (int k = 0; k < log.events().size(); k++) {
            TraceEvent e = log.events().get(k);
            Object xfer = e.params().get("xfer");
            if (xfer != null && (ACTIONS.named(e.event()) != null || e.event().equals(DiagnosticEvent.SEND_OFFER.actionName()))) {
                byTransfer.computeIfAbsent(String.valueOf(xfer), x -> new ArrayList<>()).add(k);
            }
        }
        List<MappedTrace> traces = new ArrayList<>();
        int number = 0;
        for (Map.Entry<String, List<Integer>> transfer : byTransfer.entrySet()) {
            TransferSteps steps = TransferSteps.of(log, transfer.getKey(), transfer.getValue());
            if (steps == null) {
                continue; // an OFFER nobody answered: no step of the model
            }
            number++;
            String label = steps.label() + (byTransfer.size() > 1 ? "#" + number : "");
            traces.add(toTrace(label, steps));
        }
        return traces;
    }

    private MappedTrace toTrace(String label, TransferSteps steps) {
        RecordList out = new RecordList();
        int dups = 0;
        int signals = 0;
        for (TransferSteps.Step s : steps.steps) {
            dups += s.dup ? 1 : 0;
            signals += s.action.equals(BulkTransferAction.SHRINK_WINDOW.actionName()) ? 1 : 0;
            out.add(s.source, "a", s.action, "b", s.block + 1, "msg", s.action.equals(LOSE) ? s.consumes.split(" ")[0] : "",
                    "dup", s.dup, "obs", s.event != null,
                    "st", s.state("rcvState", "sndState"), "have", s.count("have"), "req", s.count("requested"),
                    "win", s.count("window"), "retry", s.number("retry"), "new", s.flag("new"), "gave", s.flag("gaveUp"));
        }
        Map<String, String> constants = new HashMap<>();
        // the contents are strings, as the model compares them with NoBlock; one of its own per block
        constants.put("Object", IntStream.rangeClosed(1, steps.blocks).mapToObj(b -> Tla.string("b" + b))
                .collect(Collectors.joining(", ", "<<", ">>")));
        constants.put("WINDOW", Integer.toString(maxWindow));
        constants.put("RETRIES", Integer.toString(TransferDefaults.MAX_LOSSES_PER_BLOCK));
        // no option of ptpmesh changes it: the receivers' probe timeouts before giving up are the default's
        constants.put("PROBES", Integer.toString(TransferDefaults.MAX_RETRIES));
        // the sender forgets at its tick when the silence reached the timeout: after the ticks before it
        constants.put("IDLE", Long.toString(idleMillis / idleTickMillis - 1));
        constants.put("DUPS", Integer.toString(dups));
        constants.put("CONGESTION", Integer.toString(signals));
        return new MappedTrace(SPEC, label, out.records, out.sources, constants);
    }

    /** One transfer's model steps, with the other end's where only one end wrote the trace. */
    static final class TransferSteps {

        /** A model step: from a logged event, or (event null) one the unlogged end must have taken. */
        static final class Step {
            final int source;
            final String action;
            final int block;
            final TraceEvent event;
            final String consumes;
            final String produces;
            boolean dup;

            Step(int source, String action, int block, TraceEvent event, String consumes, String produces) {
                this.source = source;
                this.action = action;
                this.block = block;
                this.event = event;
                this.consumes = consumes;
                this.produces = produces;
            }

            String state(String... keys) {
                if (event != null) {
                    for (String key : keys) {
                        if (event.state().get(key) instanceof String s) {
                            return s;
                        }
                    }
                }
                return "";
            }

            /** A count of the logged state, -1 when not logged (or, for ShrinkWindow, logged mid-step). */
            int count(String key) {
                if (event == null || action.equals(BulkTransferAction.SHRINK_WINDOW.actionName()) && !key.equals("window")) {
                    // the core hears of congestion while it takes a block in: requested is counted
                    // down already, have not yet; ShrinkWindow changes only the window
                    return -1;
                }
                return event.state().get(key) instanceof Number n ? n.intValue() : -1;
            }

            int number(String key) {
                return event != null && event.params().get(key) instanceof Number n ? n.intValue() : -1;
            }

            boolean flag(String key) {
                return event != null && Boolean.TRUE.equals(event.params().get(key));
            }
        }

        final String receiver;
        final String sender;
        final int blocks;
        final List<Step> steps = new ArrayList<>();
        private final Map<String, Integer> inNetwork = new HashMap<>();
        private final Set<Integer> requested = new HashSet<>();
        private final Set<Integer> received = new HashSet<>();
        private boolean offerTaken;
        private boolean completed;

        private TransferSteps(String receiver, String sender, int blocks) {
            this.receiver = receiver;
            this.sender = sender;
            this.blocks = blocks;
            inNetwork.put(OFFER, 1);
        }

        /** The steps of transfer {@code xfer} (its events at {@code indexes}), or null if it has none. */
        static TransferSteps of(TraceLog log, String xfer, List<Integer> indexes) {
            String receiver = null;
            String sender = null;
            int blocks = -1;
            for (int k : indexes) {
                TraceEvent e = log.events().get(k);
                BulkTransferAction action = ACTIONS.named(e.event());
                if (e.params().get("blocks") instanceof Number n && blocks < 0) {
                    blocks = n.intValue();
                }
                if (action != null && SENDER_ACTIONS.contains(action)) {
                    sender = sender == null ? e.node() : sender;
                } else if (action != null) {
                    receiver = receiver == null ? e.node() : receiver;
                }
            }
            if (receiver == null && sender == null) {
                return null;
            }
            if (blocks < 1) {
                throw new TraceFormatException(log.name() + ": transfer " + xfer + " has no ReceiveOffer or SendOffer saying"
                        + " how many blocks the object has (params.blocks, at least 1)");
            }
            TransferSteps t = new TransferSteps(receiver, sender, blocks);
            for (int k : indexes) {
                TraceEvent e = log.events().get(k);
                BulkTransferAction action = ACTIONS.named(e.event());
                if (action != null) {
                    t.add(k, e, action);
                }
            }
            t.markDuplicatesAndLosses();
            return t;
        }

        String label() {
            return sender == null ? receiver : receiver == null ? sender : sender + "+" + receiver;
        }

        private void add(int k, TraceEvent e, BulkTransferAction action) {
            int block = e.params().get("block") instanceof Number n ? n.intValue() : -1;
            String name = action.actionName();
            switch (action) {
                case RECEIVE_OFFER -> take(k, name, -1, e, OFFER, null);
                case REQUEST_BLOCK -> take(k, name, block, e, null, request(block));
                case RECEIVE_BLOCK -> {
                    if (sender == null && count(block(block)) == 0) {
                        take(k, BulkTransferAction.SERVE_BLOCK.actionName(), block, null, request(block), block(block));
                    }
                    take(k, name, block, e, block(block), null);
                }
                case DETECT_LOSS, REQUEST_TIMEOUT -> {
                    boolean gaveUp = Boolean.TRUE.equals(e.params().get("gaveUp"));
                    if (gaveUp && block < 0) {
                        take(k, GIVE_UP, -1, e, null, null);
                    } else {
                        take(k, gaveUp ? BulkTransferAction.REQUEST_TIMEOUT.actionName() : name, block, e, null,
                                gaveUp ? null : request(block));
                    }
                }
                case COMPLETE -> take(k, name, -1, e, null, DONE);
                case SHRINK_WINDOW -> take(k, name, -1, e, null, null);
                case SERVE_BLOCK -> serve(k, e, block);
                case RECEIVE_DONE -> {
                    if (receiver == null && !completed) {
                        take(k, BulkTransferAction.COMPLETE.actionName(), -1, null, null, DONE);
                    }
                    take(k, name, -1, e, DONE, null);
                }
                case SENDER_IDLE_TICK, FORGET_TRANSFER -> take(k, name, -1, e, null, null);
            }
        }

        /** ServeBlock, with the receiver's steps around it when the receiver wrote no trace. */
        private void serve(int k, TraceEvent e, int block) {
            if (receiver == null) {
                if (!offerTaken) {
                    take(k, BulkTransferAction.RECEIVE_OFFER.actionName(), -1, null, OFFER, null);
                }
                if (!requested.contains(block)) {
                    take(k, BulkTransferAction.REQUEST_BLOCK.actionName(), block, null, null, request(block));
                }
            }
            take(k, BulkTransferAction.SERVE_BLOCK.actionName(), block, e, request(block), block(block));
            if (receiver == null && !received.contains(block)) {
                take(k, BulkTransferAction.RECEIVE_BLOCK.actionName(), block, null, block(block), null);
            }
        }

        private void take(int k, String action, int block, TraceEvent e, String consumes, String produces) {
            steps.add(new Step(k, action, block, e, consumes, produces));
            if (consumes != null) {
                inNetwork.merge(consumes, -1, Integer::sum);
            }
            if (produces != null) {
                inNetwork.merge(produces, 1, Integer::sum);
            }
            offerTaken |= action.equals(BulkTransferAction.RECEIVE_OFFER.actionName());
            completed |= action.equals(BulkTransferAction.COMPLETE.actionName());
            if (action.equals(BulkTransferAction.REQUEST_BLOCK.actionName())) {
                requested.add(block);
            }
            if (action.equals(BulkTransferAction.RECEIVE_BLOCK.actionName())) {
                received.add(block);
            }
        }

        private int count(String message) {
            return inNetwork.getOrDefault(message, 0);
        }

        /**
         * Where the model's network, a set, needs more than the steps: a receive leaves its
         * datagram behind (a duplicate) exactly when the next use of that datagram is another
         * receive, a second copy the set cannot hold; a datagram that nothing receives any more is
         * lost right after it was last sent, so the set holds only what will still be received and
         * the model's steps choose among few datagrams.
         */
        private void markDuplicatesAndLosses() {
            Map<String, Boolean> nextIsReceive = new HashMap<>();
            List<Step> withLosses = new ArrayList<>();
            for (int s = steps.size() - 1; s >= 0; s--) {
                Step step = steps.get(s);
                if (step.produces != null) {
                    if (!nextIsReceive.containsKey(step.produces)) {
                        withLosses.add(new Step(step.source, LOSE, step.block, null, step.produces, null));
                    }
                    nextIsReceive.put(step.produces, false);
                }
                withLosses.add(step);
                if (step.consumes != null) {
                    step.dup = nextIsReceive.getOrDefault(step.consumes, false);
                    nextIsReceive.put(step.consumes, true);
                }
            }
            Collections.reverse(withLosses);
            steps.clear();
            steps.addAll(withLosses);
        }

        private static String request(int block) {
            return "REQUEST " + block;
        }

        private static String block(int block) {
            return "BLOCK " + block;
        }
    }
}
