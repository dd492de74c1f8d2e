package org.ptpmesh.transfer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.trace.BulkTransferAction;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.transfer.TransferReport.Outcome;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Both ends of ptptest 2014's bulk transfer for one peer, sans-IO: it takes transfer datagrams with
 * the route they came by and {@code now}, and writes datagrams, timers and trace events to the
 * {@link Effects} it is given. It sends objects (pushed with an OFFER, or fetched by name from
 * its {@link Catalog}) and receives them into its {@link BlockStore}. A {@link TransferNode}
 * runs it on a UDP port of its own; {@link MeshTransferNode} runs it beside a mesh peer, whose
 * relay can carry it.
 *
 * <p>Single-threaded: the driver calls one method at a time.
 */
public final class TransferEndpoint {

    /** Finished receptions remembered, to answer a repeated OFFER with the same DONE. */
    private static final int FINISHED_REMEMBERED = 1024;

    final TransferConfig config;
    final TransferCodec codec;
    final TransferListener listener;
    final DropCounters drops = new DropCounters();
    private final PeerId self;
    private final String name;
    private final BlockStore store;
    private final Catalog catalog;
    private final RandomGenerator random;
    private final Map<Long, SenderTransfer> senders = new HashMap<>();
    private final Map<TransferKey, ReceiverTransfer> receivers = new HashMap<>();
    private final Map<TransferKey, PendingFetch> fetches = new HashMap<>();
    private final Map<TransferTimer, Object> timerOwners = new HashMap<>();
    private final Map<TransferKey, Status> finished = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TransferKey, Status> eldest) {
            return size() > FINISHED_REMEMBERED;
        }
    };
    private ReceiverTransfer lastReceiver;
    private long timerCounter;
    /** Whether trace events are built: a driver that records none spares the per-block cost. */
    boolean recording = true;
    /** The endpoint's own steps; each transfer describes its own state ({@link Tracer#withState}). */
    final Tracer tracer;

    /** A transfer as the receiver knows it: the sender's peer id and the transfer id. */
    record TransferKey(PeerId peer, long xferId) {
    }

    /** Objects this endpoint serves by name to a FETCH. */
    @FunctionalInterface
    public interface Catalog {
        Catalog NONE = name -> null;

        /** The object called {@code name}, or null if there is none. */
        Shared lookup(String name);
    }

    /** An object ready to send: its bytes and its SHA-256. */
    public record Shared(BlockSource source, byte[] sha256) {
    }

    /**
     * @param name   the node name in trace events
     * @param random picks transfer ids (seeded in the simulator)
     */
    public TransferEndpoint(TransferConfig config, PeerId self, String name, BlockStore store, Catalog catalog,
                            TransferListener listener, RandomGenerator random) {
        this.config = config;
        this.self = self;
        this.name = name;
        this.tracer = new Tracer(name, state -> { }, () -> recording);
        this.store = store;
        this.catalog = catalog;
        this.listener = listener;
        this.random = random;
        this.codec = new TransferCodec(self.bytes());
    }

    /**
     * Whether to build trace events at all. On by default (the simulator records them); the CLI
     * turns it off unless {@code --trace} is given, because building three events per block is
     * the largest part of the protocol code's own cost (docs/performance.md) and the UDP runtime
     * would drop them unread.
     */
    public TransferEndpoint recordSteps(boolean on) {
        recording = on;
        return this;
    }

    // ------------------------------------------------------------------ starting transfers

    /**
     * Pushes an object: OFFER to {@code route}, then blocks as the receiver asks for them.
     *
     * @return the transfer id
     */
    public long offer(String objectName, BlockSource source, byte[] sha256, Route route, long now, Effects out) {
        long id = freshSenderId();
        Offer offer = new Offer(id, objectName, source.size(), blockSizeFor(route), sha256, Offer.Mode.PUSHED);
        startSender(offer, null, route, source, now, out);
        return id;
    }

    /**
     * Fetches {@code objectName} from whoever listens at {@code route}: FETCH, repeated while
     * no OFFER answers, then received like a pushed object.
     *
     * @return the transfer id
     */
    public long fetch(String objectName, Route route, long now, Effects out) {
        long id = Integer.toUnsignedLong(random.nextInt());
        PendingFetch f = new PendingFetch(id, objectName, route, nextTimerKey(TransferTimer.Role.FETCH), now);
        fetches.put(new TransferKey(null, id), f);
        timerOwners.put(f.timerKey, f);
        f.send(now, out);
        return id;
    }

    private int blockSizeFor(Route route) {
        return Math.min(config.blockSize(), BlockSizes.forDatagram(route.datagramBudget()));
    }

    private long freshSenderId() {
        long id;
        do {
            id = Integer.toUnsignedLong(random.nextInt());
        } while (senders.containsKey(id));
        return id;
    }

    private void startSender(Offer offer, PeerId to, Route route, BlockSource source, long now, Effects out) {
        SenderTransfer s = new SenderTransfer(this, offer, to, route, source, nextTimerKey(TransferTimer.Role.SEND), now);
        senders.put(offer.xferId(), s);
        timerOwners.put(s.timerKey, s);
        s.begin(now, out);
    }

    private TransferTimer nextTimerKey(TransferTimer.Role role) {
        return new TransferTimer(role, ++timerCounter);
    }

    // ------------------------------------------------------------------ datagrams

    /** A datagram that may be a transfer message, with the route an answer goes back by. */
    public void onMessage(byte[] data, Route replyRoute, long now, Effects out) {
        onMessage(codec.read(data, data.length), replyRoute, now, out);
    }

    /** {@link #onMessage(byte[], Route, long, Effects)} for a datagram a composite node decoded already. */
    public void onMessage(DecodedDatagram datagram, Route replyRoute, long now, Effects out) {
        onMessage(codec.read(datagram.view(), datagram.error()), replyRoute, now, out);
    }

    private void onMessage(MessageKind kind, Route replyRoute, long now, Effects out) {
        if (kind == null) {
            drops.count(codec.problem());
            return;
        }
        if (codec.senderIs(self.bytes())) {
            drops.count(TransferDropReason.OWN_ID);
            return;
        }
        long xferId = codec.xferId();
        switch (kind) {
            case BLOCK -> onBlock(xferId, now, out);
            case REQUEST -> onRequest(xferId, replyRoute, now, out);
            case OFFER -> onOffer(replyRoute, now, out);
            case FETCH -> onFetch(xferId, replyRoute, now, out);
            case DONE -> onDone(xferId, replyRoute, now, out);
            case CANCEL -> onCancel(xferId, replyRoute, now, out);
            default -> drops.count(TransferDropReason.UNEXPECTED_KIND);
        }
    }

    private void onBlock(long xferId, long now, Effects out) {
        ReceiverTransfer r = lastReceiver;
        if (r == null || r.offer.xferId() != xferId || !codec.senderIs(r.fromBytes)) {
            r = receivers.get(new TransferKey(PeerId.of(codec.sender()), xferId));
            if (r == null) {
                drops.count(TransferDropReason.BLOCK_UNKNOWN_TRANSFER);
                return;
            }
            lastReceiver = r;
        }
        r.onBlock(now, out);
    }

    private void onRequest(long xferId, Route replyRoute, long now, Effects out) {
        SenderTransfer s = senders.get(xferId);
        if (s == null) {
            send(replyRoute, codec.cancel(xferId, ErrorCode.UNKNOWN_TRANSFER), out);
            drops.count(TransferDropReason.REQUEST_UNKNOWN_TRANSFER);
            return;
        }
        if (!s.route.equals(replyRoute) || (s.toBytes != null && !codec.senderIs(s.toBytes))) {
            drops.count(TransferDropReason.REQUEST_OFF_ROUTE);
            return;
        }
        s.onRequest(now, out);
    }

    private void onOffer(Route replyRoute, long now, Effects out) {
        Offer offer = codec.offer();
        if (offer == null) {
            drops.count(codec.problem());
            return;
        }
        String unsafe = ObjectNames.problem(offer.name());
        if (unsafe != null) {
            refuseName(offer, "the name " + unsafe, replyRoute, now, out);
            return;
        }
        PeerId from = PeerId.of(codec.sender());
        TransferKey key = new TransferKey(from, offer.xferId());
        if (receivers.containsKey(key)) {
            return;
        }
        Status before = finished.get(key);
        if (before != null) {
            send(replyRoute, codec.done(offer.xferId(), before), out);
            return;
        }
        if (offer.mode() == Offer.Mode.FETCHED) {
            PendingFetch f = fetches.remove(new TransferKey(null, offer.xferId()));
            if (f == null || !f.name.equals(offer.name())) {
                drops.count(TransferDropReason.OFFER_NOT_FETCHED);
                if (f != null) {
                    fetches.put(new TransferKey(null, offer.xferId()), f);
                }
                return;
            }
            timerOwners.remove(f.timerKey);
            out.cancelTimer(f.timerKey);
        }
        for (ReceiverTransfer other : receivers.values().toArray(new ReceiverTransfer[0])) {
            if (other.offer.sameObject(offer)) {
                other.supersede(now, out);
            }
        }
        BlockStore.Opening opening = offer.blockCount() > ReceiverTransfer.MAX_BLOCKS
                ? new BlockStore.Refused("the object has " + offer.blockCount() + " blocks; a receiver takes at most "
                        + ReceiverTransfer.MAX_BLOCKS + " (offer larger blocks, or split the object)")
                : store.open(offer, from);
        if (opening instanceof BlockStore.Accepted a) {
            ReceiverTransfer r = new ReceiverTransfer(this, offer, from, replyRoute, a.sink(), nextTimerKey(TransferTimer.Role.RECEIVE), now);
            receivers.put(key, r);
            timerOwners.put(r.timerKey, r);
            r.begin(now, out);
            return;
        }
        boolean present = opening instanceof BlockStore.AlreadyPresent;
        Status status = present ? Status.COMPLETE : Status.CANCELLED;
        String detail = opening instanceof BlockStore.Refused refused ? refused.reason() : "already here, unchanged";
        // No transfer object is made for an offer answered at once: the state is the receiver's, written here.
        tracer.withState(state -> state.put("rcvState", "RECEIVING")).step(out, now, BulkTransferAction.RECEIVE_OFFER)
                .param("xfer", offer.xferId()).param("name", offer.name()).log();
        if (present) {
            tracer.withState(state -> state.put("rcvState", "COMPLETE")).step(out, now, BulkTransferAction.COMPLETE)
                    .param("xfer", offer.xferId()).log();
        } else {
            tracer.withState(state -> state.put("rcvState", "CANCELLED")).step(out, now, DiagnosticEvent.REFUSE_OFFER)
                    .param("xfer", offer.xferId()).param("reason", detail).log();
        }
        send(replyRoute, codec.done(offer.xferId(), status), out);
        finished.put(key, status);
        listener.finished(new TransferReport(offer.xferId(), offer.name(), TransferReport.Role.RECEIVER,
                present ? Outcome.ALREADY_PRESENT : Outcome.REFUSED, offer.size(), 0, now, now, 0, 0, 0, detail));
    }

    /**
     * An offer of an object whose name is not safe: refused at once, before any store hears of it,
     * with a CANCEL saying why (no larger than the OFFER), and counted.
     */
    private void refuseName(Offer offer, String reason, Route replyRoute, long now, Effects out) {
        drops.count(TransferDropReason.UNSAFE_NAME);
        tracer.withState(state -> state.put("rcvState", "CANCELLED")).step(out, now, DiagnosticEvent.REFUSE_OFFER)
                .param("xfer", offer.xferId()).param("name", offer.name()).param("reason", reason).log();
        send(replyRoute, codec.cancel(offer.xferId(), ErrorCode.UNSAFE_NAME, reason, codec.length()), out);
        listener.finished(new TransferReport(offer.xferId(), offer.name(), TransferReport.Role.RECEIVER, Outcome.REFUSED,
                offer.size(), 0, now, now, 0, 0, 0, reason));
    }

    private void onFetch(long xferId, Route replyRoute, long now, Effects out) {
        SenderTransfer existing = senders.get(xferId);
        if (existing != null) {
            return;
        }
        String objectName = codec.text(TlvTypes.OBJNAME);
        String unsafe = ObjectNames.problem(objectName);
        if (unsafe != null) {
            drops.count(TransferDropReason.UNSAFE_NAME);
            send(replyRoute, codec.cancel(xferId, ErrorCode.UNSAFE_NAME, "the name " + unsafe, codec.length()), out);
            tracer.step(out, now, DiagnosticEvent.REFUSE_FETCH).param("xfer", xferId).param("name", objectName)
                    .param("reason", unsafe).log();
            return;
        }
        Shared shared = catalog.lookup(objectName);
        if (shared == null) {
            send(replyRoute, codec.cancel(xferId, ErrorCode.OBJECT_UNAVAILABLE), out);
            tracer.step(out, now, DiagnosticEvent.REFUSE_FETCH).param("xfer", xferId).param("name", objectName).log();
            return;
        }
        Offer offer = new Offer(xferId, objectName, shared.source().size(), blockSizeFor(replyRoute), shared.sha256(),
                Offer.Mode.FETCHED);
        startSender(offer, PeerId.of(codec.sender()), replyRoute, shared.source(), now, out);
    }

    private void onDone(long xferId, Route replyRoute, long now, Effects out) {
        SenderTransfer s = senders.get(xferId);
        if (s == null || !s.route.equals(replyRoute)) {
            drops.count(TransferDropReason.DONE_UNKNOWN_TRANSFER);
            return;
        }
        s.onDone(Status.fromCode(codec.uint(TlvTypes.XFERSTATUS)), now, out);
    }

    private void onCancel(long xferId, Route replyRoute, long now, Effects out) {
        ErrorCode error = ErrorCode.fromCode(codec.uint(TlvTypes.ERRCODE));
        String why = codec.text(TlvTypes.ERRTEXT);
        ReceiverTransfer r = receivers.get(new TransferKey(PeerId.of(codec.sender()), xferId));
        if (r != null) {
            r.onCancel(error, now, out);
            return;
        }
        PendingFetch f = fetches.get(new TransferKey(null, xferId));
        if (f != null && f.route.equals(replyRoute)) {
            Outcome outcome = error == ErrorCode.OBJECT_UNAVAILABLE ? Outcome.OBJECT_UNAVAILABLE
                    : error == ErrorCode.UNSAFE_NAME ? Outcome.REFUSED : Outcome.CANCELLED;
            f.end(now, out, outcome, "the sender cancelled: " + (error == null ? "unknown error" : error.meaning())
                    + (why == null ? "" : " (" + why + ")"));
            return;
        }
        SenderTransfer s = senders.get(xferId);
        if (s != null && s.route.equals(replyRoute)) {
            s.onCancel(error, why, now, out);
            return;
        }
        drops.count(TransferDropReason.CANCEL_UNKNOWN_TRANSFER);
    }

    // ------------------------------------------------------------------ timers

    public void onTimer(TimerKey key, long now, Effects out) {
        Object owner = timerOwners.get(key);
        if (owner instanceof ReceiverTransfer r) {
            r.onTimer(now, out);
        } else if (owner instanceof SenderTransfer s) {
            s.onTimer(now, out);
        } else if (owner instanceof PendingFetch f) {
            f.onTimer(now, out);
        }
    }

    // ------------------------------------------------------------------ bookkeeping

    void receiverEnded(ReceiverTransfer r, Status status, TransferReport report, long now, Effects out) {
        TransferKey key = new TransferKey(r.from, r.offer.xferId());
        receivers.remove(key);
        timerOwners.remove(r.timerKey);
        finished.put(key, status);
        if (lastReceiver == r) {
            lastReceiver = null;
        }
        listener.finished(report);
    }

    void senderEnded(SenderTransfer s, TransferReport report, long now, Effects out) {
        senders.remove(s.offer.xferId());
        timerOwners.remove(s.timerKey);
        listener.finished(report);
    }

    void send(Route route, byte[] datagram, Effects out) {
        route.send(out, datagram);
    }

    public PeerId id() {
        return self;
    }

    public DropCounters drops() {
        return drops;
    }

    /** Transfers under way, both roles. */
    public int activeTransfers() {
        return senders.size() + receivers.size() + fetches.size();
    }

    /** A FETCH waiting for its OFFER: sent again every offer-retry interval, up to the retry bound. */
    private final class PendingFetch {
        final long xferId;
        final String name;
        final Route route;
        final TransferTimer timerKey;
        final long startedAt;
        int attempts;

        PendingFetch(long xferId, String name, Route route, TransferTimer timerKey, long now) {
            this.xferId = xferId;
            this.name = name;
            this.route = route;
            this.timerKey = timerKey;
            this.startedAt = now;
        }

        void send(long now, Effects out) {
            attempts++;
            TransferEndpoint.this.send(route, codec.fetch(xferId, name), out);
            tracer.step(out, now, DiagnosticEvent.SEND_FETCH).param("xfer", xferId).param("name", name)
                    .param("attempt", attempts).log();
            out.setTimer(timerKey, now + config.offerRetryMillis());
        }

        void onTimer(long now, Effects out) {
            if (attempts > config.maxRetries()) {
                end(now, out, Outcome.GAVE_UP, "no OFFER answered " + attempts + " FETCHes");
            } else {
                send(now, out);
            }
        }

        void end(long now, Effects out, Outcome outcome, String detail) {
            fetches.remove(new TransferKey(null, xferId));
            timerOwners.remove(timerKey);
            out.cancelTimer(timerKey);
            listener.finished(new TransferReport(xferId, name, TransferReport.Role.RECEIVER,
                    outcome, -1, 0, startedAt, now, 0, 0, 0, detail));
        }
    }
}
