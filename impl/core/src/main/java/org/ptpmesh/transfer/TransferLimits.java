package org.ptpmesh.transfer;

/**
 * How many transfers an endpoint runs at once, in all and per peer (an address, or a peer id
 * behind the relay), so a stranger's offers or fetches cannot take every slot, nor the memory and
 * threads behind them (docs/transfer.md, "Limits"). {@link #defaults} says where each default is.
 *
 * @param receptions        receptions under way at once
 * @param receptionsPerPeer receptions from one peer
 * @param servings          objects served at once (pushed or fetched)
 * @param servingsPerPeer   objects served to one peer
 * @param stalledMillis     a transfer silent this long gives its slot up to a new one when all are taken
 */
public record TransferLimits(int receptions, int receptionsPerPeer, int servings, int servingsPerPeer, long stalledMillis) {

    public TransferLimits {
        if (receptions < 1 || receptionsPerPeer < 1 || servings < 1 || servingsPerPeer < 1 || stalledMillis < 1) {
            throw new IllegalArgumentException("transfer limits must be at least 1");
        }
    }

    /** {@link TransferDefaults#MAX_RECEPTIONS} and the rest. */
    public static TransferLimits defaults() {
        return new TransferLimits(TransferDefaults.MAX_RECEPTIONS, TransferDefaults.MAX_RECEPTIONS_PER_PEER,
                TransferDefaults.MAX_SERVINGS, TransferDefaults.MAX_SERVINGS_PER_PEER, TransferDefaults.STALLED_MILLIS);
    }

    public TransferLimits withReceptions(int total, int perPeer) {
        return new TransferLimits(total, perPeer, servings, servingsPerPeer, stalledMillis);
    }

    public TransferLimits withServings(int total, int perPeer) {
        return new TransferLimits(receptions, receptionsPerPeer, total, perPeer, stalledMillis);
    }
}
