package org.ptpmesh.transfer;

import org.ptpmesh.node.TimerKey;

/**
 * The one timer of a transfer a {@link TransferEndpoint} runs: a sender's tick, a receiver's
 * request timer or a fetch's retry. {@code serial} tells the endpoint's transfers apart; the
 * role only makes a key readable in a debugger or a log.
 */
public record TransferTimer(Role role, long serial) implements TimerKey {

    /** What the transfer owning the timer does. */
    public enum Role {
        FETCH, SEND, RECEIVE
    }
}
