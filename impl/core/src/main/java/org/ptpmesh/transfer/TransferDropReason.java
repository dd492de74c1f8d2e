package org.ptpmesh.transfer;

import org.ptpmesh.node.DropReason;

/** Why a transfer endpoint refused a well-formed datagram (docs/transfer.md). */
public enum TransferDropReason implements DropReason {
    /** A well-formed datagram of a kind that is not one of the six transfer messages. */
    NOT_A_TRANSFER_MESSAGE("not_a_transfer_message"),
    /** A datagram carrying this endpoint's own id: a reflection or a loop. */
    OWN_ID("own_id"),
    /** A transfer kind this endpoint does not act on. */
    UNEXPECTED_KIND("unexpected_kind"),
    /** An XFERID above 32 bits: no transfer has it, and no answer could carry it. */
    BAD_XFER_ID("bad_xfer_id"),
    /** An OFFER whose size and block size make no transfer (OBJSIZE of 2^63 or more, BLOCKSIZE 0 or too large). */
    BAD_OFFER("bad_offer"),
    /** An OFFER of more blocks than a receiver keeps state for (TransferDefaults.MAX_BLOCKS_PER_TRANSFER). */
    TOO_MANY_BLOCKS("too_many_blocks"),
    /** An OFFER or FETCH without a valid cookie: answered by RETRY, not acted on. */
    UNVALIDATED("unvalidated"),
    /** An answer to an unvalidated source that would have been larger than what it sent: not sent. */
    ANSWER_LARGER_THAN_QUESTION("answer_larger_than_question"),
    /** An OFFER to an end that only sends (send, serve). */
    OFFER_TO_SENDER("offer_to_sender"),
    /** A FETCHED offer for no fetch of that name in progress, or a pushed one to an end that only fetches. */
    OFFER_NOT_FETCHED("offer_not_fetched"),
    /** An OFFER the store refused (the file exists, no space, a bad name): answered with DONE, no transfer. */
    OFFER_REFUSED("offer_refused"),
    /** An OFFER of a name another sender's transfer is receiving now: only that sender supersedes it (or, once it stalled, one of the same object). */
    OFFER_OF_ANOTHER_SENDER("offer_of_another_sender"),
    /** An OFFER while every reception slot was taken by a transfer that is not stalled. */
    RECEPTION_LIMIT("reception_limit"),
    /** An OFFER from a peer that has as many receptions under way as one peer may. */
    RECEPTION_LIMIT_PEER("reception_limit_peer"),
    /** A FETCH while every serving slot was taken (answered with CANCEL RATE_LIMITED). */
    SERVING_LIMIT("serving_limit"),
    /** A FETCH from a peer served as often at once as one peer may be (answered with CANCEL RATE_LIMITED). */
    SERVING_LIMIT_PEER("serving_limit_peer"),
    /** A RETRY for no OFFER or FETCH this endpoint sends on that route. */
    RETRY_UNKNOWN_TRANSFER("retry_unknown_transfer"),
    /** A BLOCK of no transfer this endpoint receives. */
    BLOCK_UNKNOWN_TRANSFER("block_unknown_transfer"),
    /** A BLOCK from another address (or relayed peer) than the transfer's. */
    BLOCK_OFF_ROUTE("block_off_route"),
    /** A BLOCK whose bytes do not match its leaf of the hash tree: asked for again. */
    BLOCK_CORRUPT("block_corrupt"),
    /** A BLOCK whose leaf hash is not known yet (its hashes were not asked for). */
    BLOCK_UNVERIFIABLE("block_unverifiable"),
    /** HASHES of no transfer this endpoint receives, or from another route than the transfer's. */
    HASHES_UNKNOWN_TRANSFER("hashes_unknown_transfer"),
    /** HASHES that do not match their node's hash, or name no node of the tree. */
    HASHES_MISMATCH("hashes_mismatch"),
    /** A BLOCK whose number is outside the object. */
    BLOCK_OUT_OF_RANGE("block_out_of_range"),
    /** A BLOCK whose payload is not the length its number must have. */
    BLOCK_WRONG_LENGTH("block_wrong_length"),
    /** A REQUEST for no transfer this endpoint sends (answered with CANCEL). */
    REQUEST_UNKNOWN_TRANSFER("request_unknown_transfer"),
    /** A REQUEST from another route or peer than the transfer's. */
    REQUEST_OFF_ROUTE("request_off_route"),
    /** A REQUEST naming a block or hash tree node outside the object. */
    REQUEST_OUT_OF_RANGE("request_out_of_range"),
    /** A DONE for no transfer this endpoint sends on that route. */
    DONE_UNKNOWN_TRANSFER("done_unknown_transfer"),
    /** A CANCEL for no transfer on that route (a receiver's transfer is cancelled only from its own route). */
    CANCEL_UNKNOWN_TRANSFER("cancel_unknown_transfer"),
    /** An OFFER or FETCH whose object name is not a safe file name ({@link ObjectNames}; answered with CANCEL). */
    UNSAFE_NAME("unsafe_name");

    private final String label;

    TransferDropReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
