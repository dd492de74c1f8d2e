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
    /** An OFFER whose size and block size make no transfer. */
    BAD_OFFER("bad_offer"),
    /** A FETCHED offer for no fetch of that name in progress. */
    OFFER_NOT_FETCHED("offer_not_fetched"),
    /** A BLOCK of no transfer this endpoint receives. */
    BLOCK_UNKNOWN_TRANSFER("block_unknown_transfer"),
    /** A BLOCK whose number is outside the object. */
    BLOCK_OUT_OF_RANGE("block_out_of_range"),
    /** A BLOCK whose payload is not the length its number must have. */
    BLOCK_WRONG_LENGTH("block_wrong_length"),
    /** A REQUEST for no transfer this endpoint sends (answered with CANCEL). */
    REQUEST_UNKNOWN_TRANSFER("request_unknown_transfer"),
    /** A REQUEST from another route or peer than the transfer's. */
    REQUEST_OFF_ROUTE("request_off_route"),
    /** A REQUEST naming a block outside the object. */
    REQUEST_OUT_OF_RANGE("request_out_of_range"),
    /** A DONE for no transfer this endpoint sends on that route. */
    DONE_UNKNOWN_TRANSFER("done_unknown_transfer"),
    /** A CANCEL for no transfer on that route. */
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
