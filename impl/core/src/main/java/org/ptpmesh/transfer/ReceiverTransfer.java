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
 * The receiving end of one transfer (spec/BulkTransfer.tla, the receiver): it asks for the
 * blocks it lacks, in order, never more than the window at a time, several per REQUEST; it
 * accepts each block once; it asks again for a block whose request was overtaken by later ones
 * or whose RTO expired, and gives up when one block was asked for too often; with every block in
 * it checks the SHA-256 and says DONE.
 */
final class ReceiverTransfer {

    enum State { RECEIVING, COMPLETE, GAVE_UP, CANCELLED, FAILED }

    /**
     * Most blocks one transfer may have: the receiver keeps about 30 bytes of state per block
     * (500 MB at this bound, 22 GB of 1352-byte blocks), and an offer is one datagram anyone can send.
     */
    static final int MAX_BLOCKS = 1 << 24;

    /** A block whose request this many later requests overtook is taken for lost. */
    static final int REORDER_THRESHOLD = 3;

    /** Re-requested blocks ride outside the window up to this fraction of it (see {@link #inWindow}). */
    static final int RE_REQUEST_SHARE = 4;

    private final TransferEndpoint endpoint;
    private final Tracer tracer;
    final Offer offer;
    final PeerId from;
    final byte[] fromBytes;
    final TransferTimer timerKey;
    private final Route route;
    private final BlockSink sink;
    private final Outstanding outstanding;
    private final RtoEstimator rto;
    private final WindowController window;
    private final boolean[] have;
    private final int[] batch = new int[TransferCodec.MAX_BLOCKS_PER_REQUEST];
    private final byte[] blockBuffer;
    private final long startedAt;
    private int batchCount;
    private int haveCount;
    private int scan;
    private long highestArrivedSeq = -1;
    /** Whether any block has arrived: until one does, every REQUEST goes twice (see {@link #flush}). */
    private boolean heardFromSender;
    private boolean timerArmed;
    private long bytesStored;
    private long blocksStored;
    private long reRequested;
    private long duplicates;
    State state = State.RECEIVING;

    ReceiverTransfer(TransferEndpoint endpoint, Offer offer, PeerId from, Route route, BlockSink sink, TransferTimer timerKey,
                     long now) {
        this.endpoint = endpoint;
        this.tracer = endpoint.tracer.withState(this::describeState);
        this.offer = offer;
        this.from = from;
        this.fromBytes = from.bytes();
        this.route = route;
        this.sink = sink;
        this.timerKey = timerKey;
        this.startedAt = now;
        TransferConfig c = endpoint.config;
        this.outstanding = new Outstanding(offer.blockCount());
        this.rto = new RtoEstimator(c.initialRtoMillis(), c.minRtoMillis(), c.maxRtoMillis());
        // the window and the re-requests riding outside it together fit the receive buffer
        int queueBound = (int) ((long) c.receiveBufferBlocks() * RE_REQUEST_SHARE / (RE_REQUEST_SHARE + 1));
        this.window = new WindowController(c.initialWindow(), c.minWindow(), c.maxWindow(), queueBound);
        this.have = new boolean[offer.blockCount()];
        this.blockBuffer = new byte[offer.blockSize()];
        for (int i = 0; i < have.length; i++) {
            if (sink.has(i)) {
                have[i] = true;
                haveCount++;
            }
        }
    }

    /** ReceiveOffer done: ask for the first window of blocks (or finish at once if all are here). */
    void begin(long now, Effects out) {
        tracer.step(out, now, BulkTransferAction.RECEIVE_OFFER).param("xfer", offer.xferId())
                .param("resumedBlocks", haveCount).log();
        advance(now, out);
    }

    void onBlock(long now, Effects out) {
        if (state != State.RECEIVING) {
            return;
        }
        long n = endpoint.codec.uint(org.ptpmesh.wire.TlvTypes.BLOCKNUM);
        if (n < 0 || n >= have.length) {
            endpoint.drops.count(TransferDropReason.BLOCK_OUT_OF_RANGE);
            return;
        }
        int block = (int) n;
        int len = endpoint.codec.payload(blockBuffer);
        if (len != offer.blockLength(block)) {
            endpoint.drops.count(TransferDropReason.BLOCK_WRONG_LENGTH);
            return;
        }
        heardFromSender = true;
        boolean requested = outstanding.contains(block);
        if (requested) {
            if (outstanding.retries(block) == 0) {
                // which request a re-requested block answers is unknown: it says nothing about the others
                highestArrivedSeq = Math.max(highestArrivedSeq, outstanding.requestSeq(block));
            }
            long rtt = outstanding.retries(block) == 0 ? now - outstanding.sentAt(block) : -1;
            if (rtt >= 0) {
                rto.sample(rtt);
            } else {
                rto.endBackOff();
            }
            outstanding.remove(block);
            window.delivered(now, rtt);
        }
        boolean fresh = !have[block];
        if (fresh) {
            try {
                sink.write(block, blockBuffer, 0, len);
            } catch (TransferStorageException e) {
                fail(now, out, Outcome.STORAGE_ERROR, e.getMessage());
                return;
            }
            have[block] = true;
            haveCount++;
            bytesStored += len;
            blocksStored++;
        } else {
            duplicates++;
        }
        if (endpoint.recording) {
            tracer.step(out, now, BulkTransferAction.RECEIVE_BLOCK).param("xfer", offer.xferId()).param("block", block)
                    .param("new", fresh).log();
        }
        if (fresh) {
            endpoint.listener.progress(offer.xferId(), offer.name(), bytesDoneOf(), offer.size(), now);
        }
        if (!requestOvertaken(now, out)) {
            return;
        }
        int free = window.window() - inWindow();
        // re-requests wait for a REQUEST's worth too (or the next one for new blocks, or the timer):
        // sent one by one, they were as many small datagrams as lost blocks
        if (haveCount == have.length || outstanding.size() == 0 || free >= batchThreshold()
                || batchCount >= batchThreshold()) {
            advance(now, out);
        }
    }

    private long bytesDoneOf() {
        return haveCount == have.length ? offer.size() : (long) haveCount * offer.blockSize();
    }

    /**
     * Requests of later blocks were answered and older ones not, and longer ago than a round trip
     * and a quarter (so jitter alone does not look like loss): those are lost, ask again.
     */
    private boolean requestOvertaken(long now, Effects out) {
        long lossDelay = rto.srtt() < 0 ? 0 : Math.round(rto.srtt() * 1.25);
        int oldest;
        while ((oldest = outstanding.oldest()) >= 0 && outstanding.requestSeq(oldest) + REORDER_THRESHOLD < highestArrivedSeq
                && now - outstanding.sentAt(oldest) >= lossDelay) {
            if (!requestAgain(oldest, now, out, "overtaken")) {
                return false;
            }
        }
        return true;
    }

    /** The request timer (one for the transfer, due when the oldest request's RTO runs out). */
    void onTimer(long now, Effects out) {
        timerArmed = false;
        if (state != State.RECEIVING) {
            return;
        }
        boolean expired = false;
        int oldest;
        while ((oldest = outstanding.oldest()) >= 0 && now >= outstanding.sentAt(oldest) + rto.rto()) {
            if (!requestAgain(oldest, now, out, "timeout")) {
                return;
            }
            expired = true;
        }
        if (expired) {
            rto.backOff();
        }
        advance(now, out);
    }

    /** RequestTimeout: ask for {@code block} again, or give up when it was asked for too often. */
    private boolean requestAgain(int block, long now, Effects out, String reason) {
        if (outstanding.retries(block) >= endpoint.config.maxRetries()) {
            state = State.GAVE_UP;
            tracer.step(out, now, BulkTransferAction.REQUEST_TIMEOUT).param("xfer", offer.xferId())
                    .param("block", block).param("reason", reason).param("gaveUp", true).log();
            endpoint.send(route, endpoint.codec.cancel(offer.xferId(), ErrorCode.GAVE_UP), out);
            sink.suspend();
            end(now, out, State.GAVE_UP, Outcome.GAVE_UP, "block " + block + " did not arrive after "
                    + endpoint.config.maxRetries() + " re-requests");
            return false;
        }
        outstanding.countRetry(block);
        outstanding.request(block, now);
        reRequested++;
        if (endpoint.recording) {
            tracer.step(out, now, BulkTransferAction.REQUEST_TIMEOUT).param("xfer", offer.xferId())
                    .param("block", block).param("reason", reason).param("retry", outstanding.retries(block)).log();
        }
        addToBatch(block, out);
        return true;
    }

    /** Requests new blocks while the window has room, sends what is batched, completes when all are in. */
    private void advance(long now, Effects out) {
        if (haveCount == have.length) {
            flush(out);
            complete(now, out);
            return;
        }
        int limit = window.window();
        int most = endpoint.config.maxWindow();
        // the spec's WINDOW is the largest window: requested blocks, re-requested included, stay within it
        while (inWindow() < limit && outstanding.size() < most && scan < have.length) {
            int block = scan++;
            if (!have[block] && !outstanding.contains(block)) {
                outstanding.request(block, now);
                if (endpoint.recording) {
                    tracer.step(out, now, BulkTransferAction.REQUEST_BLOCK).param("xfer", offer.xferId())
                            .param("block", block).log();
                }
                addToBatch(block, out);
            }
        }
        flush(out);
        if (!timerArmed && outstanding.size() > 0) {
            int oldest = outstanding.oldest();
            out.setTimer(timerKey, Math.max(now + 1, outstanding.sentAt(oldest) + rto.rto()));
            timerArmed = true;
        }
    }

    /**
     * Requested blocks the window counts. Re-requested blocks ride outside it, up to a quarter of
     * the window more: a lost block is known lost once asked for again, and letting it hold a
     * slot would let random loss alone shrink what is in flight, and with it the measured rate
     * and the next window. Random loss of a few percent keeps far fewer than a quarter of the
     * window re-requested; a full socket buffer at the receiver loses thousands of blocks at
     * once, and with a whole window's worth riding free those re-requests doubled what was in
     * flight and overflowed the buffer again, for seconds (docs/transfer.md, "The window").
     */
    private int inWindow() {
        return outstanding.size() - Math.min(outstanding.reRequested(), reRequestAllowance());
    }

    private int reRequestAllowance() {
        return window.window() / RE_REQUEST_SHARE;
    }

    /** Free window slots worth one REQUEST: an eighth of the window, so requests go out in batches. */
    private int batchThreshold() {
        return Math.max(1, Math.min(TransferCodec.MAX_BLOCKS_PER_REQUEST, window.window() / 8));
    }

    private void addToBatch(int block, Effects out) {
        batch[batchCount++] = block;
        if (batchCount == batch.length) {
            flush(out);
        }
    }

    /**
     * Sends the batched REQUEST. Until the first block arrives there is no RTT sample and the RTO
     * is RFC 6298's initial second, so a lost first REQUEST would stall the whole transfer for
     * that second (a quarter of a half-gigabyte transfer on a fast path): the first REQUESTs go
     * twice, which costs a few duplicate blocks and makes that stall as rare as two losses.
     */
    private void flush(Effects out) {
        if (batchCount > 0) {
            byte[] request = endpoint.codec.request(offer.xferId(), batch, batchCount);
            endpoint.send(route, request, out);
            if (!heardFromSender) {
                endpoint.send(route, request, out);
            }
            batchCount = 0;
        }
    }

    private void complete(long now, Effects out) {
        boolean intact;
        try {
            intact = sink.verify(offer.sha256());
            if (intact) {
                sink.commit();
            } else {
                sink.discard();
            }
        } catch (TransferStorageException e) {
            fail(now, out, Outcome.STORAGE_ERROR, e.getMessage());
            return;
        }
        Status status = intact ? Status.COMPLETE : Status.INTEGRITY_FAILURE;
        endpoint.send(route, endpoint.codec.done(offer.xferId(), status), out);
        if (intact) {
            state = State.COMPLETE;
            tracer.step(out, now, BulkTransferAction.COMPLETE).param("xfer", offer.xferId()).log();
            end(now, out, State.COMPLETE, Outcome.COMPLETE, "");
        } else {
            state = State.FAILED;
            tracer.step(out, now, DiagnosticEvent.INTEGRITY_FAILURE).param("xfer", offer.xferId()).log();
            end(now, out, State.FAILED, Outcome.INTEGRITY_FAILURE, "the assembled object does not match SHA-256 " + offer.shaHex());
        }
    }

    /** The sender cancelled (it forgot the transfer, or lost the object): keep what arrived for a resume. */
    void onCancel(ErrorCode error, long now, Effects out) {
        if (state != State.RECEIVING) {
            return;
        }
        sink.suspend();
        state = State.CANCELLED;
        tracer.step(out, now, DiagnosticEvent.RECEIVE_CANCEL).param("xfer", offer.xferId())
                .param("error", error == null ? "unknown" : error.name()).log();
        end(now, out, State.CANCELLED, Outcome.CANCELLED, "the sender cancelled: "
                + (error == null ? "unknown error code" : error.meaning()));
    }

    /** A newer offer of the same object takes over (the sender restarted): stop, keep the blocks. */
    void supersede(long now, Effects out) {
        if (state == State.RECEIVING) {
            sink.suspend();
            end(now, out, State.CANCELLED, Outcome.CANCELLED, "superseded by a newer offer of the same object");
        }
    }

    private void fail(long now, Effects out, Outcome outcome, String detail) {
        endpoint.send(route, endpoint.codec.done(offer.xferId(), Status.CANCELLED), out);
        try {
            sink.suspend();
        } catch (TransferStorageException ignored) {
            // the storage already failed; the report says so
        }
        end(now, out, State.FAILED, outcome, detail);
    }

    private void end(long now, Effects out, State finalState, Outcome outcome, String detail) {
        state = finalState;
        out.cancelTimer(timerKey);
        endpoint.receiverEnded(this, statusFor(outcome), new TransferReport(offer.xferId(), offer.name(),
                TransferReport.Role.RECEIVER, outcome, offer.size(), bytesStored, startedAt, now, blocksStored,
                reRequested, duplicates, detail), now, out);
    }

    /** What DONE says about a transfer that ended this way, if its sender asks again. */
    private static Status statusFor(Outcome outcome) {
        return switch (outcome) {
            case COMPLETE, ALREADY_PRESENT -> Status.COMPLETE;
            case GAVE_UP -> Status.GAVE_UP;
            case INTEGRITY_FAILURE -> Status.INTEGRITY_FAILURE;
            default -> Status.CANCELLED;
        };
    }

    /** The state every trace line of this transfer ends with. */
    private void describeState(Map<String, Object> after) {
        after.put("rcvState", state.name());
        after.put("have", haveCount);
        after.put("requested", outstanding.size());
        after.put("window", window.window());
    }
}
