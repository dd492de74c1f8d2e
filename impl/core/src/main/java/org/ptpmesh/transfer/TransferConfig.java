package org.ptpmesh.transfer;

/**
 * Tuning of both ends of a transfer (docs/transfer.md). Times are milliseconds. {@link #builder}
 * starts from {@link TransferDefaults}, which says why each default is what it is.
 *
 * @param blockSize        largest block an offer announces; a route that holds less gets smaller blocks
 * @param initialWindow    blocks the receiver may have requested and not received, at the start
 * @param minWindow        the window never drops below this
 * @param maxWindow        nor grows above this (bounds memory and socket buffer bursts)
 * @param maxRetries       probe timeouts in a row, nothing arriving, before the receiver gives up (the model's PROBES)
 * @param initialRtoMillis RFC 6298's RTO before the first RTT sample
 * @param minRtoMillis     floor of the RTO
 * @param maxRtoMillis     ceiling of the RTO after back-off
 * @param idleMillis       a sender forgets a transfer nobody asked anything about this long
 * @param idleTickMillis   the sender's idle tick (the model's SenderIdleTick)
 * @param offerRetryMillis a pushing sender offers again after this much silence; a fetching receiver fetches again
 * @param receiveBufferBlocks blocks the receiver's socket buffer holds: what is in flight beyond the path
 *                         waits there when the receiver is the slower end, so the window keeps that
 *                         part within it ({@link Integer#MAX_VALUE}: no such buffer, as in the simulator)
 * @param limits           transfers at once, in all and per peer
 */
public record TransferConfig(int blockSize, int initialWindow, int minWindow, int maxWindow, int maxRetries,
                             long initialRtoMillis, long minRtoMillis, long maxRtoMillis, long idleMillis,
                             long idleTickMillis, long offerRetryMillis, int receiveBufferBlocks,
                             TransferLimits limits) {

    public TransferConfig {
        if (blockSize < 1 || blockSize > BlockSizes.DIRECT) {
            throw new IllegalArgumentException("block size must be 1-" + BlockSizes.DIRECT + " bytes, got " + blockSize);
        }
        if (minWindow < 1 || initialWindow < minWindow || maxWindow < initialWindow) {
            throw new IllegalArgumentException("windows must satisfy 1 <= min <= initial <= max");
        }
        if (maxRetries < 0 || minRtoMillis < 1 || initialRtoMillis < minRtoMillis || maxRtoMillis < initialRtoMillis) {
            throw new IllegalArgumentException("retries must be >= 0 and 1 <= min RTO <= initial RTO <= max RTO");
        }
        if (idleTickMillis < 1 || idleMillis < idleTickMillis || offerRetryMillis < 1) {
            throw new IllegalArgumentException("idle tick, idle timeout and offer retry must be positive, tick <= timeout");
        }
        if (receiveBufferBlocks < 1) {
            throw new IllegalArgumentException("the receive buffer must hold at least one block, got " + receiveBufferBlocks);
        }
        if (limits == null) {
            throw new IllegalArgumentException("transfer limits are required");
        }
    }

    /** A builder holding the defaults, with the given settings that have none. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.blockSize = blockSize;
        b.initialWindow = initialWindow;
        b.minWindow = minWindow;
        b.maxWindow = maxWindow;
        b.maxRetries = maxRetries;
        b.initialRtoMillis = initialRtoMillis;
        b.minRtoMillis = minRtoMillis;
        b.maxRtoMillis = maxRtoMillis;
        b.idleMillis = idleMillis;
        b.idleTickMillis = idleTickMillis;
        b.offerRetryMillis = offerRetryMillis;
        b.receiveBufferBlocks = receiveBufferBlocks;
        b.limits = limits;
        return b;
    }

    /** Defaults for real networks (TransferDefaults says why each is what it is). */
    public static TransferConfig defaults() {
        return builder().build();
    }

    /** This config for a transfer whose datagrams are sealed: blocks of {@link BlockSizes#SEALED}. */
    public TransferConfig sealed() {
        return withBlockSize(Math.min(blockSize, BlockSizes.SEALED));
    }

    public TransferConfig withBlockSize(int bytes) {
        return toBuilder().blockSize(bytes).build();
    }

    public TransferConfig withRetries(int retries, long maxRto) {
        return toBuilder().maxRetries(retries).maxRtoMillis(maxRto).build();
    }

    public TransferConfig withIdle(long idle, long tick) {
        return toBuilder().idleMillis(idle).idleTickMillis(tick).build();
    }

    public TransferConfig withWindow(int initial, int min, int max) {
        return toBuilder().initialWindow(initial).minWindow(min).maxWindow(max).build();
    }

    /** The receiver's socket buffer holds {@code blocks} datagrams (net.ReceiveBuffer). */
    public TransferConfig withReceiveBuffer(int blocks) {
        return toBuilder().receiveBufferBlocks(blocks).build();
    }

    public TransferConfig withLimits(TransferLimits value) {
        return toBuilder().limits(value).build();
    }

    /** Builds a {@link TransferConfig}; every setting starts at its default (TransferDefaults). */
    public static final class Builder {
        private int blockSize = TransferDefaults.BLOCK_SIZE;
        private int initialWindow = TransferDefaults.INITIAL_WINDOW;
        private int minWindow = TransferDefaults.MIN_WINDOW;
        private int maxWindow = TransferDefaults.MAX_WINDOW;
        private int maxRetries = TransferDefaults.MAX_RETRIES;
        private long initialRtoMillis = TransferDefaults.INITIAL_RTO_MILLIS;
        private long minRtoMillis = TransferDefaults.MIN_RTO_MILLIS;
        private long maxRtoMillis = TransferDefaults.MAX_RTO_MILLIS;
        private long idleMillis = TransferDefaults.IDLE_SECONDS * 1_000;
        private long idleTickMillis = TransferDefaults.IDLE_TICK_MILLIS;
        private long offerRetryMillis = TransferDefaults.OFFER_RETRY_MILLIS;
        private int receiveBufferBlocks = TransferDefaults.RECEIVE_BUFFER_BLOCKS;
        private TransferLimits limits = TransferLimits.defaults();

        private Builder() {
        }

        public Builder blockSize(int value) {
            this.blockSize = value;
            return this;
        }

        public Builder initialWindow(int value) {
            this.initialWindow = value;
            return this;
        }

        public Builder minWindow(int value) {
            this.minWindow = value;
            return this;
        }

        public Builder maxWindow(int value) {
            this.maxWindow = value;
            return this;
        }

        public Builder maxRetries(int value) {
            this.maxRetries = value;
            return this;
        }

        public Builder initialRtoMillis(long value) {
            this.initialRtoMillis = value;
            return this;
        }

        public Builder minRtoMillis(long value) {
            this.minRtoMillis = value;
            return this;
        }

        public Builder maxRtoMillis(long value) {
            this.maxRtoMillis = value;
            return this;
        }

        public Builder idleMillis(long value) {
            this.idleMillis = value;
            return this;
        }

        public Builder idleTickMillis(long value) {
            this.idleTickMillis = value;
            return this;
        }

        public Builder offerRetryMillis(long value) {
            this.offerRetryMillis = value;
            return this;
        }

        public Builder receiveBufferBlocks(int value) {
            this.receiveBufferBlocks = value;
            return this;
        }

        public Builder limits(TransferLimits value) {
            this.limits = value;
            return this;
        }

        public TransferConfig build() {
            return new TransferConfig(blockSize, initialWindow, minWindow, maxWindow, maxRetries, initialRtoMillis, minRtoMillis, maxRtoMillis, idleMillis, idleTickMillis, offerRetryMillis, receiveBufferBlocks, limits);
        }
    }
}
