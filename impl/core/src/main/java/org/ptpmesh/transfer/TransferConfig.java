package org.ptpmesh.transfer;

/**
 * Tuning of both ends of a transfer (docs/transfer.md). Times are milliseconds.
 *
 * @param blockSize        largest block an offer announces; a route that holds less gets smaller blocks
 * @param initialWindow    blocks the receiver may have requested and not received, at the start
 * @param minWindow        the window never drops below this
 * @param maxWindow        nor grows above this (bounds memory and socket buffer bursts)
 * @param maxRetries       re-requests of one block before the receiver gives up (the model's RETRIES)
 * @param initialRtoMillis RFC 6298's RTO before the first RTT sample
 * @param minRtoMillis     floor of the RTO
 * @param maxRtoMillis     ceiling of the RTO after back-off
 * @param idleMillis       a sender forgets a transfer nobody asked anything about this long
 * @param idleTickMillis   the sender's idle tick (the model's SenderIdleTick)
 * @param offerRetryMillis a pushing sender offers again after this much silence; a fetching receiver fetches again
 * @param receiveBufferBlocks blocks the receiver's socket buffer holds: what is in flight beyond the path
 *                         waits there when the receiver is the slower end, so the window keeps that
 *                         part within it ({@link Integer#MAX_VALUE}: no such buffer, as in the simulator)
 */
public record TransferConfig(int blockSize, int initialWindow, int minWindow, int maxWindow, int maxRetries,
                             long initialRtoMillis, long minRtoMillis, long maxRtoMillis, long idleMillis,
                             long idleTickMillis, long offerRetryMillis, int receiveBufferBlocks) {

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
    }

    /**
     * Defaults for real networks: the largest block a direct datagram holds, a window that
     * starts at 16 blocks, RTO from 1 s (RFC 6298) with a 30 ms floor, give up after 12
     * re-requests of a block (with RTO back-off capped at 5 s, about a minute of silence).
     */
    public static TransferConfig defaults() {
        return new TransferConfig(BlockSizes.DIRECT, 16, 4, 8192, 12, 1_000, 30, 5_000, 60_000, 1_000, 1_000,
                Integer.MAX_VALUE);
    }

    public TransferConfig withBlockSize(int bytes) {
        return new TransferConfig(bytes, initialWindow, minWindow, maxWindow, maxRetries, initialRtoMillis, minRtoMillis,
                maxRtoMillis, idleMillis, idleTickMillis, offerRetryMillis, receiveBufferBlocks);
    }

    public TransferConfig withRetries(int retries, long maxRto) {
        return new TransferConfig(blockSize, initialWindow, minWindow, maxWindow, retries, initialRtoMillis, minRtoMillis,
                maxRto, idleMillis, idleTickMillis, offerRetryMillis, receiveBufferBlocks);
    }

    public TransferConfig withIdle(long idle, long tick) {
        return new TransferConfig(blockSize, initialWindow, minWindow, maxWindow, maxRetries, initialRtoMillis, minRtoMillis,
                maxRtoMillis, idle, tick, offerRetryMillis, receiveBufferBlocks);
    }

    public TransferConfig withWindow(int initial, int min, int max) {
        return new TransferConfig(blockSize, initial, min, max, maxRetries, initialRtoMillis, minRtoMillis,
                maxRtoMillis, idleMillis, idleTickMillis, offerRetryMillis, receiveBufferBlocks);
    }

    /** The receiver's socket buffer holds {@code blocks} datagrams (net.ReceiveBuffer). */
    public TransferConfig withReceiveBuffer(int blocks) {
        return new TransferConfig(blockSize, initialWindow, minWindow, maxWindow, maxRetries, initialRtoMillis, minRtoMillis,
                maxRtoMillis, idleMillis, idleTickMillis, offerRetryMillis, blocks);
    }
}
