package org.ptpmesh.transfer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Facing strangers (docs/transfer.md, "Strangers"): an OFFER or FETCH is acted on only once
 * its source proved it receives there (a cookie, {@link Cookies}); nothing answers an unproven
 * source with more bytes than it sent; a transfer takes datagrams only from its own route; and
 * receptions and servings are bounded, in all and per peer ({@link TransferLimits}).
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
    /** Scratch shared by every transfer (one runs at a time): a REQUEST's items, a block, a node's children. */
    final long[] requestItems = new long[TransferCodec.MAX_BLOCKS_PER_REQUEST * 2];
    final byte[] blockScratch = new byte[BlockSizes.DIRECT];
    final byte[] hashScratch = new byte[HashTree.FANOUT * HashTree.HASH_BYTES];
    private final PeerId self;
    private final BlockStore store;
    private final Catalog catalog;
    private final RandomGenerator random;
    private final Cookies cookies;
    private final Slots slots;
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
    private boolean acceptsPushes = true;
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

    /** An object ready to send: its bytes, its SHA-256 and its hash tree (for the tree's block size). */
    public record Shared(BlockSource source, byte[] sha256, HashTree tree) {

        /** {@code source} with its SHA-256 and its tree for blocks of {@code blockSize}, read once. */
        public static Shared of(BlockSource source, byte[] sha256, int blockSize) {
            return new Shared(source, sha256, HashTree.of(source, blockSize));
        }

        /** This object's tree for {@code blockSize}: its own, or one made now by reading the object again. */
        HashTree treeFor(int blockSize) {
            return tree.blockSize() == blockSize ? tree : HashTree.of(source, blockSize);
        }
    }

    /**
     * @param name   the node name in trace events
     * @param random picks transfer ids and the cookie key (seeded in the simulator)
     */
    public TransferEndpoint(TransferConfig config, PeerId self, String name, BlockStore store, Catalog catalog,
                            TransferListener listener, RandomGenerator random) {
        this.config = config;
        this.self = self;
        this.tracer = new Tracer(name, state -> { }, () -> recording);
        this.store = store;
        this.catalog = catalog;
        this.listener = listener;
        this.random = random;
        this.cookies = new Cookies(random, TransferDefaults.COOKIE_PERIOD_MILLIS);
        this.slots = new Slots(drops, config.limits().stalledMillis());
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

    /**
     * Whether pushed offers are taken (on by default). An end that only fetches ({@code ptpmesh
     * fetch}) turns it off: an OFFER nobody asked for is then dropped, not received.
     */
    public TransferEndpoint acceptPushes(boolean on) {
        acceptsPushes = on;
        return this;
    }

    // ------------------------------------------------------------------ starting transfers

    /**
     * Pushes an object: OFFER to {@code route}, then hashes and blocks as the receiver asks for
     * them. Its hash tree is made here, reading {@code source} once: give a {@link Shared} with
     * its tree made beforehand when reading takes long.
     *
     * @return the transfer id
     */
    public long offer(String objectName, BlockSource source, byte[] sha256, Route route, long now, Effects out) {
        return offer(objectName, Shared.of(source, sha256, blockSizeFor(route)), route, now, out);
    }

    /** {@link #offer(String, BlockSource, byte[], Route, long, Effects)} of an object whose tree is made. */
    public long offer(String objectName, Shared object, Route route, long now, Effects out) {
        long id = freshSenderId();
        int blockSize = blockSizeFor(route);
        HashTree tree = object.treeFor(blockSize);
        Offer offer = new Offer(id, objectName, object.source().size(), blockSize, object.sha256(), tree.root(),
                Offer.Mode.PUSHED);
        startSender(offer, null, route, object.source(), tree, now, out);
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
        PendingFetch f = new PendingFetch(this, id, objectName, route, nextTimerKey(TransferTimer.Role.FETCH), now);
        fetches.put(new TransferKey(null, id), f);
        timerOwners.put(f.timerKey, f);
        f.send(now, out);
        return id;
    }

    /** The block size of transfers on {@code route}: the configured one, or less if the route carries less. */
    public int blockSizeFor(Route route) {
        return Math.min(config.blockSize(), BlockSizes.forDatagram(route.datagramBudget()));
    }

    private long freshSenderId() {
        long id;
        do {
            id = Integer.toUnsignedLong(random.nextInt());
        } while (senders.containsKey(id));
        return id;
    }

    private void startSender(Offer offer, PeerId to, Route route, BlockSource source, HashTree tree, long now, Effects out) {
        SenderTransfer s = new SenderTransfer(this, offer, to, route, source, tree, nextTimerKey(TransferTimer.Role.SEND), now);
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
            case BLOCK -> onBlock(xferId, replyRoute, now, out);
            case HASHES -> onHashes(xferId, replyRoute, now, out);
            case REQUEST -> onRequest(xferId, replyRoute, now, out);
            case OFFER -> onOffer(replyRoute, now, out);
            case FETCH -> onFetch(xferId, replyRoute, now, out);
            case RETRY -> onRetry(xferId, replyRoute, now, out);
            case DONE -> onDone(xferId, replyRoute, now, out);
            case CANCEL -> onCancel(xferId, replyRoute, now, out);
            default -> drops.count(TransferDropReason.UNEXPECTED_KIND);
        }
    }

    /** The reception a BLOCK or HASHES belongs to, if it came by that reception's route; else counted and null. */
    private ReceiverTransfer receptionOf(long xferId, Route replyRoute, TransferDropReason unknown) {
        ReceiverTransfer r = lastReceiver;
        if (r == null || r.offer.xferId() != xferId || !codec.senderIs(r.fromBytes)) {
            r = receivers.get(new TransferKey(PeerId.of(codec.sender()), xferId));
            if (r == null) {
                drops.count(unknown);
                return null;
            }
            lastReceiver = r;
        }
        if (!r.route.equals(replyRoute)) {
            // the peer id and transfer id are no secret: only the offering route may fill the transfer
            drops.count(unknown == TransferDropReason.BLOCK_UNKNOWN_TRANSFER ? TransferDropReason.BLOCK_OFF_ROUTE : unknown);
            return null;
        }
        return r;
    }

    private void onBlock(long xferId, Route replyRoute, long now, Effects out) {
        ReceiverTransfer r = receptionOf(xferId, replyRoute, TransferDropReason.BLOCK_UNKNOWN_TRANSFER);
        if (r != null) {
            r.onBlock(now, out);
        }
    }

    private void onHashes(long xferId, Route replyRoute, long now, Effects out) {
        ReceiverTransfer r = receptionOf(xferId, replyRoute, TransferDropReason.HASHES_UNKNOWN_TRANSFER);
        if (r != null) {
            r.onHashes(now, out);
        }
    }

    private void onRequest(long xferId, Route replyRoute, long now, Effects out) {
        SenderTransfer s = senders.get(xferId);
        if (s == null) {
            drops.count(TransferDropReason.REQUEST_UNKNOWN_TRANSFER);
            answerUnvalidated(replyRoute, codec.cancel(xferId, ErrorCode.UNKNOWN_TRANSFER), out);
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
        if (!store.receives()) {
            drops.count(TransferDropReason.OFFER_TO_SENDER);
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
            // a repeated OFFER whose DONE was lost; a DONE is smaller than any OFFER
            answerUnvalidated(replyRoute, codec.done(offer.xferId(), before), out);
            return;
        }
        PendingFetch fetch = null;
        if (offer.mode() == Offer.Mode.FETCHED) {
            // it answers a FETCH of ours, on its route: as proven as a cookie would make it
            fetch = fetches.get(new TransferKey(null, offer.xferId()));
            if (fetch == null || !fetch.name.equals(offer.name()) || !fetch.route.equals(replyRoute)) {
                drops.count(TransferDropReason.OFFER_NOT_FETCHED);
                return;
            }
        } else if (!acceptsPushes) {
            drops.count(TransferDropReason.OFFER_NOT_FETCHED);
            return;
        } else if (!validated(offer.xferId(), from, replyRoute, now, out)) {
            return;
        }
        TransferLimits limits = config.limits();
        if (!takeName(offer, from, replyRoute, now, out) || fetch == null && !slots.admit(receivers.values(), replyRoute,
                limits.receptions(), limits.receptionsPerPeer(), now, out, TransferDropReason.RECEPTION_LIMIT,
                TransferDropReason.RECEPTION_LIMIT_PEER)) {
            return;
        }
        if (fetch != null) {
            fetch.answered(out);
        }
        BlockStore.Opening opening = store.open(offer, from);
        if (opening instanceof BlockStore.Accepted a) {
            ReceiverTransfer r = new ReceiverTransfer(this, offer, from, replyRoute, a.sink(), nextTimerKey(TransferTimer.Role.RECEIVE), now);
            receivers.put(key, r);
            timerOwners.put(r.timerKey, r);
            r.begin(now, out);
            return;
        }
        answerOpening(offer, from, replyRoute, opening, now, out);
    }

    /** An offer answered at once: the object is here already, or the store refused it. */
    private void answerOpening(Offer offer, PeerId from, Route replyRoute, BlockStore.Opening opening, long now, Effects out) {
        boolean present = opening instanceof BlockStore.AlreadyPresent;
        Status status = present ? Status.COMPLETE : Status.CANCELLED;
        String detail = opening instanceof BlockStore.Refused refused ? refused.reason() : "already here, unchanged";
        // No transfer object is made for an offer answered at once: the state is the receiver's, written here.
        tracer.withState(state -> state.put("rcvState", "RECEIVING")).step(out, now, BulkTransferAction.RECEIVE_OFFER)
                .param("xfer", offer.xferId()).param("blocks", offer.blockCount()).param("name", offer.name()).log();
        if (present) {
            tracer.withState(state -> state.put("rcvState", "COMPLETE")).step(out, now, BulkTransferAction.COMPLETE)
                    .param("xfer", offer.xferId()).log();
        } else {
            tracer.withState(state -> state.put("rcvState", "CANCELLED")).step(out, now, DiagnosticEvent.REFUSE_OFFER)
                    .param("xfer", offer.xferId()).param("reason", detail).log();
        }
        send(replyRoute, codec.done(offer.xferId(), status), out);
        finished.put(new TransferKey(from, offer.xferId()), status);
        if (!present && offer.mode() == Offer.Mode.PUSHED) {
            // nobody here asked for it: a refusal, not the end of a transfer of this end's
            drops.count(TransferDropReason.OFFER_REFUSED);
            listener.refused(offer, replyRoute, detail, now);
            return;
        }
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

    /**
     * Whether the OFFER or FETCH being read carries a valid cookie for its source; if not, it is
     * answered with a RETRY carrying one (no larger than what came) and counted.
     */
    private boolean validated(long xferId, PeerId from, Route replyRoute, long now, Effects out) {
        if (cookies.valid(codec.cookie(), replyRoute, from.bytes(), xferId, now)) {
            return true;
        }
        drops.count(TransferDropReason.UNVALIDATED);
        if (answerUnvalidated(replyRoute, codec.retry(xferId, cookies.issue(replyRoute, from.bytes(), xferId, now)), out)) {
            tracer.step(out, now, DiagnosticEvent.SEND_RETRY).param("xfer", xferId).param("route", replyRoute.toString()).log();
        }
        return false;
    }

    /**
     * Whether a new offer of {@code offer.name()} may be received: a reception of that name under
     * way (the same part file) gives way to its own sender, same peer id and same route (a sender
     * that offers again, or a changed file). Another sender's offer takes it over only when it has
     * stalled for {@link TransferLimits#stalledMillis} and the offer is of the very same object,
     * hash root included: every block is then checked against that root, so only the object's
     * own bytes complete it (a restarted {@code send}, with a new peer id, resumes so). Anything
     * else is dropped: a stranger who knows the name, size and hashes cannot stop a transfer.
     */
    private boolean takeName(Offer offer, PeerId from, Route replyRoute, long now, Effects out) {
        for (ReceiverTransfer other : receivers.values().toArray(new ReceiverTransfer[0])) {
            if (!other.offer.name().equals(offer.name())) {
                continue;
            }
            long silent = now - other.lastProgress;
            if (other.from.equals(from) && other.route.equals(replyRoute)) {
                other.suspend(now, out, "superseded by a newer offer from the same sender");
            } else if (silent >= config.limits().stalledMillis() && other.offer.sameObject(offer)) {
                other.suspend(now, out, "nothing arrived for " + silent + " ms; another sender of the same object took over");
            } else {
                drops.count(TransferDropReason.OFFER_OF_ANOTHER_SENDER);
                return false;
            }
        }
        return true;
    }

    private void onFetch(long xferId, Route replyRoute, long now, Effects out) {
        PeerId from = PeerId.of(codec.sender());
        if (!validated(xferId, from, replyRoute, now, out)) {
            return;
        }
        if (senders.containsKey(xferId)) {
            // a repeated FETCH of a transfer being served (or another's id): the OFFER is repeated by its tick
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
        TransferLimits limits = config.limits();
        List<SenderTransfer> servings = senders.values().stream().filter(t -> t.offer.mode() == Offer.Mode.FETCHED).toList();
        if (!slots.admit(servings, replyRoute, limits.servings(), limits.servingsPerPeer(), now, out,
                TransferDropReason.SERVING_LIMIT, TransferDropReason.SERVING_LIMIT_PEER)) {
            // the fetcher asks again, and gets a slot once one frees up
            send(replyRoute, codec.cancel(xferId, ErrorCode.RATE_LIMITED), out);
            return;
        }
        int blockSize = blockSizeFor(replyRoute);
        HashTree tree = shared.treeFor(blockSize);
        Offer offer = new Offer(xferId, objectName, shared.source().size(), blockSize, shared.sha256(), tree.root(),
                Offer.Mode.FETCHED);
        startSender(offer, from, replyRoute, shared.source(), tree, now, out);
    }

    /** A RETRY: the receiver of our OFFER, or the server of our FETCH, wants its cookie back. */
    private void onRetry(long xferId, Route replyRoute, long now, Effects out) {
        byte[] cookie = codec.cookie();
        SenderTransfer s = senders.get(xferId);
        if (s != null && s.route.equals(replyRoute)) {
            s.onRetry(cookie, now, out);
            return;
        }
        PendingFetch f = fetches.get(new TransferKey(null, xferId));
        if (f != null && f.route.equals(replyRoute)) {
            f.onRetry(cookie, now, out);
            return;
        }
        drops.count(TransferDropReason.RETRY_UNKNOWN_TRANSFER);
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
        if (r != null && r.route.equals(replyRoute)) {
            r.onCancel(error, now, out);
            return;
        }
        PendingFetch f = fetches.get(new TransferKey(null, xferId));
        if (f != null && f.route.equals(replyRoute)) {
            f.onCancel(error, why, now, out);
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

    /** A fetch got its OFFER, or ended without one. */
    void fetchEnded(PendingFetch f) {
        fetches.remove(new TransferKey(null, f.xferId));
        timerOwners.remove(f.timerKey);
    }

    void senderEnded(SenderTransfer s, TransferReport report, long now, Effects out) {
        senders.remove(s.offer.xferId());
        timerOwners.remove(s.timerKey);
        listener.finished(report);
    }

    void send(Route route, byte[] datagram, Effects out) {
        route.send(out, datagram);
    }

    /**
     * Sends an answer to a source that has not shown it receives at its address, only if it is
     * no larger than the datagram being read: a forged source then gets at most the bytes its
     * forger sent. Returns whether it went.
     */
    private boolean answerUnvalidated(Route route, byte[] answer, Effects out) {
        if (answer.length > codec.length()) {
            drops.count(TransferDropReason.ANSWER_LARGER_THAN_QUESTION);
            return false;
        }
        send(route, answer, out);
        return true;
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

    /** Receptions under way. */
    public int receptions() {
        return receivers.size();
    }
}
