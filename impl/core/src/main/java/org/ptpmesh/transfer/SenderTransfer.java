package org.ptpmesh.transfer;

import java.util.Map;
import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.BulkTransferAction;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.transfer.TransferReport.Outcome;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.PeerId;

/**
 * The sending end of one transfer (spec/BulkTransfer.tla, the sender): it answers each
 * requested block with a BLOCK and each requested hash tree node with HASHES, only toward the
 * route it offered on (a request from elsewhere would make it a traffic amplifier), forgets the
 * transfer on DONE or after the idle timeout, and offers again while it hears nothing: the OFFER
 * was lost, the receiver restarted and lost track, or the receiver finished and its DONE was
 * lost (a finished receiver answers with DONE).
 *
 * <p>Its state is a few counters: the object, its hash tree and the read buffers are shared, so a
 * thousand transfers of one large file cost a thousand small records, not a thousand bitmaps.
 */
final class SenderTransfer implements Slots.Holder {

    enum State { OFFERING, SERVING, FORGOTTEN }

    private final TransferEndpoint endpoint;
    private final Tracer tracer;
    final Offer offer;
    final PeerId to;
    final byte[] toBytes;
    final Route route;
    final TransferTimer timerKey;
    private final BlockSource source;
    private final HashTree tree;
    private final long startedAt;
    /** The receiver's last cookie (a RETRY's), repeated in every OFFER. */
    private byte[] cookie = TransferCodec.NO_COOKIE;
    long lastHeard;
    private long lastOffer;
    /** The earliest time a RETRY makes this end offer again at once. */
    private long nextRetryAnswer;
    /** The highest block served: requests for new blocks come in ascending order, so one at or below it is served again. */
    private long highestServed = -1;
    private long bytesServed;
    private long blocksServed;
    private long reServed;
    State state = State.OFFERING;

    SenderTransfer(TransferEndpoint endpoint, Offer offer, PeerId to, Route route, BlockSource source, HashTree tree,
                   TransferTimer timerKey, long now) {
        this.endpoint = endpoint;
        this.tracer = endpoint.tracer.withState(this::describeState);
        this.offer = offer;
        this.to = to;
        this.toBytes = to == null ? null : to.bytes();
        this.route = route;
        this.source = source;
        this.tree = tree;
        this.timerKey = timerKey;
        this.startedAt = now;
        this.lastHeard = now;
        this.nextRetryAnswer = now;
    }

    /** Sends the OFFER (pushed, or in answer to a FETCH) and starts the idle tick. */
    void begin(long now, Effects out) {
        sendOffer(now, out);
        out.setTimer(timerKey, now + endpoint.config.idleTickMillis());
    }

    private void sendOffer(long now, Effects out) {
        lastOffer = now;
        endpoint.send(route, endpoint.codec.offer(offer, cookie), out);
        tracer.step(out, now, DiagnosticEvent.SEND_OFFER).param("xfer", offer.xferId()).param("name", offer.name())
                .param("size", offer.size()).param("blocks", offer.blockCount()).param("route", route.toString()).log();
    }

    /**
     * The receiver asks for its cookie back (first, or after it restarted with a new key): keep
     * it for every OFFER from now on and offer again at once, but at most once per offer
     * interval, so forged RETRYs cannot make this end offer as often as they come.
     */
    void onRetry(byte[] newCookie, long now, Effects out) {
        if (state == State.FORGOTTEN) {
            return;
        }
        cookie = newCookie;
        if (now >= nextRetryAnswer) {
            nextRetryAnswer = now + endpoint.config.offerRetryMillis();
            sendOffer(now, out);
        }
    }

    /** ServeBlock for every BLOCKNUM, and the children for every HASHNODE, of the REQUEST being read. */
    void onRequest(long now, Effects out) {
        if (state == State.FORGOTTEN) {
            return;
        }
        state = State.SERVING;
        lastHeard = now;
        long[] items = endpoint.requestItems;
        int nodes = endpoint.codec.hashNodes(items);
        for (int i = 0; i < nodes; i++) {
            if (!serveHashes(items[i], now, out)) {
                return;
            }
        }
        int n = endpoint.codec.blockNumbers(items);
        for (int i = 0; i < n; i++) {
            if (!serveBlock(items[i], now, out)) {
                return;
            }
        }
    }

    /** Sends the children of {@code node}; false when the object could not be read (the transfer is over). */
    private boolean serveHashes(long node, long now, Effects out) {
        if (!HashTree.exists(tree.blocks(), node)) {
            endpoint.drops.count(TransferDropReason.REQUEST_OUT_OF_RANGE);
            return true;
        }
        int len;
        try {
            len = tree.children(node, source, endpoint.blockScratch, endpoint.hashScratch);
        } catch (TransferStorageException e) {
            unavailable(now, out, e);
            return false;
        }
        endpoint.send(route, endpoint.codec.hashes(offer.xferId(), node, endpoint.hashScratch, len), out);
        if (endpoint.recording) {
            tracer.step(out, now, DiagnosticEvent.SERVE_HASHES).param("xfer", offer.xferId())
                    .param("level", HashTree.levelOf(node)).param("index", HashTree.indexOf(node)).log();
        }
        return true;
    }

    /** ServeBlock; false when the object could not be read (the transfer is over). */
    private boolean serveBlock(long b, long now, Effects out) {
        if (b < 0 || b >= offer.blockCount()) {
            endpoint.drops.count(TransferDropReason.REQUEST_OUT_OF_RANGE);
            return true;
        }
        int block = (int) b;
        int len = offer.blockLength(block);
        byte[] buffer = endpoint.blockScratch;
        try {
            source.read(offer.blockStart(block), buffer, len);
        } catch (TransferStorageException e) {
            unavailable(now, out, e);
            return false;
        }
        boolean again = block <= highestServed;
        if (again) {
            reServed++;
        } else {
            highestServed = block;
            bytesServed += len;
            blocksServed++;
        }
        // logged before the BLOCK leaves: in a trace both ends write, the receiver's ReceiveBlock comes after it
        if (endpoint.recording) {
            tracer.step(out, now, BulkTransferAction.SERVE_BLOCK).param("xfer", offer.xferId())
                    .param("block", block).log();
        }
        endpoint.send(route, endpoint.codec.block(offer.xferId(), block, buffer, len), out);
        if (!again) {
            endpoint.listener.progress(offer.xferId(), offer.name(), bytesServed, offer.size(), now);
        }
        return true;
    }

    private void unavailable(long now, Effects out, TransferStorageException e) {
        endpoint.send(route, endpoint.codec.cancel(offer.xferId(), ErrorCode.OBJECT_UNAVAILABLE), out);
        forget(now, out, Outcome.STORAGE_ERROR, e.getMessage());
    }

    void onDone(Status status, long now, Effects out) {
        if (state == State.FORGOTTEN) {
            return;
        }
        state = State.FORGOTTEN;
        tracer.step(out, now, BulkTransferAction.RECEIVE_DONE).param("xfer", offer.xferId())
                .param("status", status.name()).log();
        Outcome outcome = switch (status) {
            case COMPLETE -> blocksServed == 0 && offer.size() > 0 ? Outcome.ALREADY_PRESENT : Outcome.COMPLETE;
            case CANCELLED -> Outcome.REFUSED;
            case GAVE_UP -> Outcome.GAVE_UP;
            case INTEGRITY_FAILURE -> Outcome.INTEGRITY_FAILURE;
        };
        String detail = switch (status) {
            case COMPLETE -> "";
            case CANCELLED -> "the receiver refused or cancelled the transfer (its output says why)";
            case GAVE_UP -> "the receiver gave up";
            case INTEGRITY_FAILURE -> "the receiver's copy did not match the SHA-256";
        };
        forget(now, out, outcome, detail);
    }

    /** The receiver cancelled; {@code why} is its ERRTEXT, or null. */
    void onCancel(ErrorCode error, String why, long now, Effects out) {
        if (state == State.FORGOTTEN) {
            return;
        }
        state = State.FORGOTTEN;
        tracer.step(out, now, DiagnosticEvent.RECEIVE_CANCEL).param("xfer", offer.xferId())
                .param("error", error == null ? "unknown" : error.name()).log();
        Outcome outcome = error == ErrorCode.GAVE_UP ? Outcome.GAVE_UP
                : error == ErrorCode.UNSAFE_NAME ? Outcome.REFUSED : Outcome.CANCELLED;
        forget(now, out, outcome, "the receiver cancelled: " + (error == null ? "unknown error code" : error.meaning())
                + (why == null ? "" : " (" + why + ")"));
    }

    /** SenderIdleTick, and ForgetTransfer once nobody asked anything for the idle timeout. */
    void onTimer(long now, Effects out) {
        if (state == State.FORGOTTEN) {
            return;
        }
        TransferConfig c = endpoint.config;
        long silent = now - lastHeard;
        if (silent >= c.idleMillis()) {
            state = State.FORGOTTEN;
            tracer.step(out, now, BulkTransferAction.FORGET_TRANSFER).param("xfer", offer.xferId())
                    .param("silentMillis", silent).log();
            forget(now, out, Outcome.FORGOTTEN, "no request from the receiver for " + silent + " ms");
            return;
        }
        if (silent >= c.idleTickMillis()) {
            tracer.step(out, now, BulkTransferAction.SENDER_IDLE_TICK).param("xfer", offer.xferId())
                    .param("silentMillis", silent).log();
            if (now - lastOffer >= c.offerRetryMillis()) {
                sendOffer(now, out);
            }
        }
        out.setTimer(timerKey, now + c.idleTickMillis());
    }

    @Override
    public Route route() {
        return route;
    }

    @Override
    public long lastActivity() {
        return lastHeard;
    }

    /** The serving slot goes to a newer transfer: this one was silent for long. */
    @Override
    public void yieldSlot(long now, Effects out) {
        if (state != State.FORGOTTEN) {
            tracer.step(out, now, DiagnosticEvent.EVICT_TRANSFER).param("xfer", offer.xferId())
                    .param("silentMillis", now - lastHeard).log();
            forget(now, out, Outcome.FORGOTTEN, "silent for " + (now - lastHeard) + " ms while every serving slot was taken");
        }
    }

    private void forget(long now, Effects out, Outcome outcome, String detail) {
        state = State.FORGOTTEN;
        out.cancelTimer(timerKey);
        endpoint.senderEnded(this, new TransferReport(offer.xferId(), offer.name(), TransferReport.Role.SENDER, outcome,
                offer.size(), bytesServed, startedAt, now, blocksServed, reServed, 0, detail), now, out);
    }

    /** The state every trace line of this transfer ends with. */
    private void describeState(Map<String, Object> after) {
        after.put("sndState", state.name());
        after.put("served", blocksServed);
    }
}
