package org.ptpmesh.transfer;

import java.util.BitSet;
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
 * checks each block against the hash tree on arrival (asking for the tree's lists ahead of the
 * blocks) and accepts it once; it asks again for a block whose request was overtaken by later
 * ones, whose RTO expired or which arrived corrupt, and gives up when one block was asked for
 * too often; with every block in it checks the SHA-256 and says DONE.
 *
 * <p>Its state is sized by the window, not the object, but for one bit per block.
 */
final class ReceiverTransfer implements Slots.Holder {

    enum State { RECEIVING, COMPLETE, GAVE_UP, CANCELLED, FAILED }

    /** Re-requested blocks ride outside the window up to this fraction of it (see {@link #inWindow}). */
    static final int RE_REQUEST_SHARE = 4;

    /** Hash lists asked for beyond two windows' worth (see {@link #requestHashesAhead}). */
    static final int LISTS_AHEAD = 4;

    private final TransferEndpoint endpoint;
    private final Tracer tracer;
    final Offer offer;
    final PeerId from;
    final byte[] fromBytes;
    final TransferTimer timerKey;
    final Route route;
    private final BlockSink sink;
    private final Outstanding outstanding;
    private final RtoEstimator rto;
    private final LossDetector losses = new LossDetector();
    private final WindowController window;
    private final BitSet have;
    private final int blocks;
    private final BlockCheck check;
    private final int[] batch = new int[TransferCodec.MAX_BLOCKS_PER_REQUEST];
    private final long[] hashBatch = new long[TransferCodec.MAX_NODES_PER_REQUEST];
    private final byte[] payload;
    private final long startedAt;
    private int batchCount;
    private int hashBatchCount;
    private int haveCount;
    private int scan;
    /** Probe timeouts since anything last arrived: a path that delivers nothing is given up on after the configured number. */
    private int probesUnanswered;
    /** When the pending timer is due, if {@link #timerArmed}. */
    private long timerDue;
    /** Whether anything arrived (and so an RTT was measured): until then every REQUEST goes twice (see {@link #flush}). */
    private boolean heardFromSender;
    private boolean timerArmed;
    /** When a block or hash list last arrived (or the transfer began): a transfer silent long enough yields its slot. */
    long lastProgress;
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
        this.lastProgress = now;
        TransferConfig c = endpoint.config;
        this.blocks = offer.blockCount();
        // never more are outstanding than the largest window: the list is sized by that
        this.outstanding = new Outstanding(Math.min(c.maxWindow(), blocks));
        this.rto = new RtoEstimator(c.initialRtoMillis(), c.minRtoMillis(), c.maxRtoMillis());
        // the window and the re-requests riding outside it together fit the receive buffer
        int queueBound = (int) ((long) c.receiveBufferBlocks() * RE_REQUEST_SHARE / (RE_REQUEST_SHARE + 1));
        this.window = new WindowController(c.initialWindow(), c.minWindow(), c.maxWindow(), queueBound);
        this.have = sink.stored();
        this.haveCount = have.cardinality();
        this.check = new BlockCheck(offer);
        // a HASHES datagram is at least as long as a block's worth of hashes: room for either
        this.payload = new byte[Math.max(offer.blockSize(), HashTree.FANOUT * HashTree.HASH_BYTES)];
    }

    /** ReceiveOffer done: ask for the first hash lists and blocks (or finish at once if all are here). */
    void begin(long now, Effects out) {
        tracer.step(out, now, BulkTransferAction.RECEIVE_OFFER).param("xfer", offer.xferId())
                .param("blocks", blocks).param("resumedBlocks", haveCount).log();
        advance(now, out);
    }

    /** A BLOCK from this transfer's route, being read by the endpoint's codec. */
    void onBlock(long now, Effects out) {
        if (state != State.RECEIVING) {
            return;
        }
        long n = endpoint.codec.uint(org.ptpmesh.wire.TlvTypes.BLOCKNUM);
        if (n < 0 || n >= blocks) {
            endpoint.drops.count(TransferDropReason.BLOCK_OUT_OF_RANGE);
            return;
        }
        int block = (int) n;
        int len = endpoint.codec.payload(payload);
        if (len != offer.blockLength(block)) {
            endpoint.drops.count(TransferDropReason.BLOCK_WRONG_LENGTH);
            return;
        }
        boolean fresh = !have.get(block);
        if (fresh && !check.covers(block)) {
            endpoint.drops.count(TransferDropReason.BLOCK_UNVERIFIABLE);
            return;
        }
        if (fresh && !check.matches(block, payload, len)) {
            blockCorrupt(block, now, out);
            return;
        }
        heardFromSender = true;
        lastProgress = now;
        probesUnanswered = 0;
        boolean requested = outstanding.contains(block);
        if (requested) {
            boolean once = outstanding.retries(block) == 0;
            losses.arrived(outstanding.requestSeq(block), outstanding.sentAt(block), once, now);
            // Karn's rule: the answer to a block asked for again gives no round trip
            long rtt = once ? now - outstanding.sentAt(block) : -1;
            if (rtt >= 0) {
                rto.sample(rtt);
            } else {
                rto.endBackOff();
            }
            outstanding.remove(block);
            traceCongestion(window.delivered(now, rtt), now, out);
        }
        if (fresh) {
            try {
                sink.write(block, payload, 0, len);
            } catch (TransferStorageException e) {
                fail(now, out, Outcome.STORAGE_ERROR, e.getMessage());
                return;
            }
            have.set(block);
            haveCount++;
            bytesStored += len;
            blocksStored++;
            check.stored(block, have);
        } else {
            duplicates++;
            losses.duplicate();
        }
        if (endpoint.recording) {
            tracer.step(out, now, BulkTransferAction.RECEIVE_BLOCK).param("xfer", offer.xferId()).param("block", block)
                    .param("new", fresh).log();
        }
        if (fresh) {
            endpoint.listener.progress(offer.xferId(), offer.name(), bytesDoneOf(), offer.size(), now);
        }
        if (!detectLosses(now, out)) {
            return;
        }
        int free = window.window() - inWindow();
        // re-requests wait for a REQUEST's worth too (or the next one for new blocks, or the timer):
        // sent one by one, they were as many small datagrams as lost blocks
        if (haveCount == blocks || outstanding.size() == 0 || free >= batchThreshold()
                || batchCount >= batchThreshold()) {
            advance(now, out);
        }
    }

    /**
     * The bytes of {@code block} do not match its leaf: damaged on the way, or forged on the
     * route. It is not stored; if it was asked for, it is asked for again at once (a retry, so a
     * sender that only sends garbage is given up on).
     */
    private void blockCorrupt(int block, long now, Effects out) {
        endpoint.drops.count(TransferDropReason.BLOCK_CORRUPT);
        if (outstanding.contains(block) && requestAgain(block, now, out, BulkTransferAction.REQUEST_TIMEOUT, "corrupt")) {
            advance(now, out);
        }
    }

    /** HASHES from this transfer's route: the children of one node of the tree. */
    void onHashes(long now, Effects out) {
        if (state != State.RECEIVING) {
            return;
        }
        long node = endpoint.codec.uint(org.ptpmesh.wire.TlvTypes.HASHNODE);
        if (!check.asked(node)) {
            // not asked for, or answered already: a duplicate or a stranger's guess
            return;
        }
        int len = endpoint.codec.payload(payload);
        BlockCheck.Verdict verdict = len < 0 ? BlockCheck.Verdict.MISMATCH : check.accept(node, payload, len);
        if (verdict == BlockCheck.Verdict.MISMATCH) {
            // asked for again when its request times out
            endpoint.drops.count(TransferDropReason.HASHES_MISMATCH);
            return;
        }
        long[] request = check.answered(node);
        if (request[1] == 0) {
            // asked for once: its round trip is a sample like a block's (Karn's rule), the first one of the transfer
            rto.sample(now - request[0]);
        } else {
            rto.endBackOff();
        }
        heardFromSender = true;
        lastProgress = now;
        probesUnanswered = 0;
        if (endpoint.recording) {
            tracer.step(out, now, DiagnosticEvent.RECEIVE_HASHES).param("xfer", offer.xferId())
                    .param("level", HashTree.levelOf(node)).param("index", HashTree.indexOf(node)).log();
        }
        advance(now, out);
    }

    private long bytesDoneOf() {
        return haveCount == blocks ? offer.size() : (long) haveCount * offer.blockSize();
    }

    /**
     * DetectLoss: the oldest requests that later answers overtook by the packet or the time
     * threshold ({@link LossDetector}) are lost; ask for them again. Requests are kept oldest
     * first and each re-request becomes the newest, so the scan stops at the first request not
     * (yet) lost, and the loss timer is set for it if it is overtaken but young.
     */
    private boolean detectLosses(long now, Effects out) {
        return detectLostBlocks(now, out) && detectLostLists(now, out);
    }

    private boolean detectLostBlocks(long now, Effects out) {
        int oldest;
        while ((oldest = outstanding.oldest()) >= 0) {
            long sentAt = outstanding.sentAt(oldest);
            LossDetector.Verdict verdict = losses.judge(outstanding.requestSeq(oldest), sentAt, now, rto.srtt());
            if (verdict == LossDetector.Verdict.PENDING) {
                armTimer(losses.lossTime(sentAt, rto.srtt()), out);
                return true;
            }
            if (verdict == LossDetector.Verdict.NOT_OVERTAKEN) {
                return true;
            }
            String reason = verdict == LossDetector.Verdict.LOST_BY_ORDER ? "order" : "time";
            if (!lost(oldest, now, out, BulkTransferAction.DETECT_LOSS, reason)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hash lists asked for before a block that has been answered since, and longer ago than the
     * time threshold, are lost too: blocks wait for their lists, and a list left to the probe
     * timeout held its blocks back for an RTO each time (at 20% loss each way, a list in three).
     */
    private boolean detectLostLists(long now, Effects out) {
        if (check.pending() == 0) {
            return true;
        }
        long cutoff = losses.lostIfSentBefore(now, rto.srtt());
        if (check.oldestAsked() > cutoff) {
            return true;
        }
        for (long node : check.askedBefore(cutoff)) {
            if (!requestListAgain(node, now, out)) {
                return false;
            }
        }
        return true;
    }

    /** Ask for the hash list of {@code node} again, or give up when it was asked for too often. */
    private boolean requestListAgain(long node, long now, Effects out) {
        long retries = check.answered(node)[1];
        if (retries >= TransferDefaults.MAX_LOSSES_PER_BLOCK) {
            giveUp(now, out, "the hashes of node " + HashTree.levelOf(node) + "/" + HashTree.indexOf(node), "lost", -1,
                    "did not arrive after " + retries + " re-requests");
            return false;
        }
        requestHashes(node, retries + 1, now, out);
        return true;
    }

    /**
     * The one timer of the transfer: due at the loss time of an overtaken request, or an RTO
     * after the latest block request (or the oldest hash list request). Overtaken requests are lost by time
     * then; a request nothing overtook is the tail, and the RTO sends a probe (RequestTimeout):
     * the oldest block is asked for again, once, and the RTO doubles. Its answer overtakes the
     * rest, which are then found lost by order, so a tail of lost requests costs one timeout, not
     * one each. After the configured number of probes with nothing arriving the path is dead:
     * give up.
     */
    void onTimer(long now, Effects out) {
        timerArmed = false;
        if (state != State.RECEIVING) {
            return;
        }
        if (!detectLosses(now, out)) {
            return;
        }
        long due = now - rto.rto();
        int oldest = outstanding.oldest();
        // as RFC 9002's probe timeout, an RTO after the latest request: a probe is a request too
        boolean blockDue = oldest >= 0 && outstanding.sentAt(outstanding.newest()) <= due
                && losses.judge(outstanding.requestSeq(oldest), outstanding.sentAt(oldest), now, rto.srtt())
                        == LossDetector.Verdict.NOT_OVERTAKEN;
        long[] lists = check.askedBefore(due);
        if (blockDue || lists.length > 0) {
            if (probesUnanswered >= endpoint.config.maxRetries()) {
                giveUp(now, out, "nothing", "probe", -1, "arrived for " + probesUnanswered + " probe timeouts in a row ("
                        + (now - lastProgress) + " ms)");
                return;
            }
            probesUnanswered++;
            if (blockDue && !lost(oldest, now, out, BulkTransferAction.REQUEST_TIMEOUT, "probe")) {
                return;
            }
            for (long node : lists) {
                if (!requestListAgain(node, now, out)) {
                    return;
                }
            }
            rto.backOff();
        }
        advance(now, out);
    }

    /**
     * {@code block} is lost (found by {@code action}, for {@code reason}): ask for it again, or
     * give up when it was lost too often. The window hears of the loss, which shrinks it only if
     * losses rise above what the path has shown steadily.
     */
    private boolean lost(int block, long now, Effects out, BulkTransferAction action, String reason) {
        traceCongestion(window.lost(now), now, out);
        return requestAgain(block, now, out, action, reason);
    }

    /** Ask for {@code block} again, or give up when it was asked for too often. */
    private boolean requestAgain(int block, long now, Effects out, BulkTransferAction action, String reason) {
        if (outstanding.retries(block) >= TransferDefaults.MAX_LOSSES_PER_BLOCK) {
            giveUp(now, out, "block " + block, reason, block, "did not arrive after " + outstanding.retries(block) + " re-requests");
            return false;
        }
        outstanding.countRetry(block);
        outstanding.request(block, now);
        reRequested++;
        if (endpoint.recording) {
            tracer.step(out, now, action).param("xfer", offer.xferId())
                    .param("block", block).param("reason", reason).param("retry", outstanding.retries(block)).log();
        }
        addToBatch(block, out);
        return true;
    }

    /** ShrinkWindow: the window heard of congestion (a queue forming, or loss above the path's steady share) and shrank. */
    private void traceCongestion(WindowController.Congestion congestion, long now, Effects out) {
        if (congestion != WindowController.Congestion.NONE) {
            tracer.step(out, now, BulkTransferAction.SHRINK_WINDOW).param("xfer", offer.xferId())
                    .param("reason", congestion.name().toLowerCase(java.util.Locale.ROOT)).log();
        }
    }

    /** Gives up on the transfer: {@code what} (block {@code block}, else -1) {@code why}. */
    private void giveUp(long now, Effects out, String what, String reason, int block, String why) {
        state = State.GAVE_UP;
        tracer.step(out, now, BulkTransferAction.REQUEST_TIMEOUT).param("xfer", offer.xferId())
                .param(block >= 0 ? "block" : "what", block >= 0 ? block : (Object) what).param("reason", reason)
                .param("gaveUp", true).log();
        endpoint.send(route, endpoint.codec.cancel(offer.xferId(), ErrorCode.GAVE_UP), out);
        sink.suspend();
        end(now, out, State.GAVE_UP, Outcome.GAVE_UP, what + " " + why);
    }

    /** Asks for hash lists ahead, then new blocks while the window has room, sends what is batched, completes when all are in. */
    private void advance(long now, Effects out) {
        if (haveCount == blocks) {
            flush(out);
            complete(now, out);
            return;
        }
        // blocks stored before (a resumed transfer) need no request, nor hash lists
        scan = Math.min(have.nextClearBit(scan), blocks);
        requestHashesAhead(now, out);
        int limit = window.window();
        int most = endpoint.config.maxWindow();
        // the spec's WINDOW is the largest window: requested blocks, re-requested included, stay within it
        while (inWindow() < limit && outstanding.size() < most && scan < blocks) {
            int block = scan;
            if (!have.get(block) && !outstanding.contains(block)) {
                if (!check.covers(block)) {
                    // its leaf hash is asked for (requestHashesAhead); the blocks wait for it
                    break;
                }
                outstanding.request(block, now);
                if (endpoint.recording) {
                    tracer.step(out, now, BulkTransferAction.REQUEST_BLOCK).param("xfer", offer.xferId())
                            .param("block", block).log();
                }
                addToBatch(block, out);
            }
            scan++;
        }
        flush(out);
        if (outstanding.size() > 0 || check.pending() > 0) {
            armTimer(Math.max(now + 1, probeBase() + rto.rto()), out);
        }
    }

    /** Sets the timer for {@code at} unless it is due sooner already. */
    private void armTimer(long at, Effects out) {
        if (!timerArmed || at < timerDue) {
            out.setTimer(timerKey, at);
            timerArmed = true;
            timerDue = at;
        }
    }

    /** What the probe timer counts from: the latest block request, or the oldest hash list's if sooner. */
    private long probeBase() {
        long latest = Long.MAX_VALUE;
        if (outstanding.size() > 0) {
            latest = outstanding.sentAt(outstanding.newest());
        }
        return Math.min(latest, check.oldestAsked());
    }

    /**
     * Asks for the hash lists the blocks of the next two windows need, and four groups more, so
     * blocks are rarely held back waiting for them: a list lost on the way is asked for again
     * (after an RTO) before the scan reaches its blocks. A list is 1 KiB for 32 blocks, so this
     * costs a sixteenth of the window in flight, about.
     */
    private void requestHashesAhead(long now, Effects out) {
        int ahead = 2 * window.window() + LISTS_AHEAD * HashTree.FANOUT;
        int most = ahead / HashTree.FANOUT + 1;
        int firstGroup = scan / HashTree.FANOUT;
        long end = Math.min(blocks, (long) scan + ahead);
        for (int group = firstGroup; (long) group * HashTree.FANOUT < end && check.pending() < most; group++) {
            int first = group * HashTree.FANOUT;
            if (have.nextClearBit(first) >= Math.min(blocks, first + HashTree.FANOUT)) {
                continue;
            }
            long node = check.needed(first);
            if (node >= 0 && !check.asked(node)) {
                requestHashes(node, 0, now, out);
            }
        }
    }

    private void requestHashes(long node, long retries, long now, Effects out) {
        check.ask(node, retries, now);
        if (endpoint.recording) {
            tracer.step(out, now, DiagnosticEvent.REQUEST_HASHES).param("xfer", offer.xferId())
                    .param("level", HashTree.levelOf(node)).param("index", HashTree.indexOf(node)).param("retry", retries).log();
        }
        hashBatch[hashBatchCount++] = node;
        if (hashBatchCount == hashBatch.length) {
            flush(out);
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
     * Sends the batched REQUEST. Until the first answer (hash list or block) arrives there is no
     * RTT sample and the RTO is RFC 6298's initial second, so a lost first REQUEST would stall the
     * whole transfer for that second (a quarter of a half-gigabyte transfer on a fast path): the
     * first REQUESTs go twice, which costs a few duplicate answers and makes that stall as rare as
     * two losses.
     */
    private void flush(Effects out) {
        if (batchCount > 0 || hashBatchCount > 0) {
            byte[] request = endpoint.codec.request(offer.xferId(), batch, batchCount, hashBatch, hashBatchCount);
            endpoint.send(route, request, out);
            if (!heardFromSender) {
                endpoint.send(route, request, out);
            }
            batchCount = 0;
            hashBatchCount = 0;
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
        state = intact ? State.COMPLETE : State.FAILED;
        // logged before the DONE leaves: in a trace both ends write, the sender's ReceiveDone comes after it
        tracer.step(out, now, intact ? BulkTransferAction.COMPLETE : DiagnosticEvent.INTEGRITY_FAILURE)
                .param("xfer", offer.xferId()).log();
        endpoint.send(route, endpoint.codec.done(offer.xferId(), status), out);
        if (intact) {
            end(now, out, State.COMPLETE, Outcome.COMPLETE, "");
        } else {
            end(now, out, State.FAILED, Outcome.INTEGRITY_FAILURE, "the assembled object does not match SHA-256 " + offer.shaHex()
                    + " although every block matched the hash tree: the sender's hashes disagree");
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

    @Override
    public Route route() {
        return route;
    }

    @Override
    public long lastActivity() {
        return lastProgress;
    }

    /** Every reception slot is taken and this one has been silent longest: stop, keeping the blocks for a resume. */
    @Override
    public void yieldSlot(long now, Effects out) {
        tracer.step(out, now, DiagnosticEvent.EVICT_TRANSFER).param("xfer", offer.xferId())
                .param("silentMillis", now - lastProgress).log();
        suspend(now, out, "nothing arrived for " + (now - lastProgress) + " ms while every reception slot was taken;"
                + " its blocks are kept");
    }

    /** Stops, keeping the blocks for a resume: a newer offer of the object (same sender, or one that took over), or a slot given up. */
    void suspend(long now, Effects out, String why) {
        if (state == State.RECEIVING) {
            sink.suspend();
            end(now, out, State.CANCELLED, Outcome.CANCELLED, why);
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
