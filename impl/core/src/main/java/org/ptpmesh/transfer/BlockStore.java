package org.ptpmesh.transfer;

import org.ptpmesh.wire.PeerId;

/** Decides whether a receiver takes an offered object, and opens the sink it goes into. */
public interface BlockStore {

    /** The answer to an offer: a sink to fill, the object already here, or a refusal. */
    sealed interface Opening {
    }

    record Accepted(BlockSink sink) implements Opening {
    }

    /** This exact object (same name and SHA-256) is already in place: nothing to transfer. */
    record AlreadyPresent() implements Opening {
    }

    /** Refused, with the reason a person reads (the file exists, no space left, a bad name). */
    record Refused(String reason) implements Opening {
    }

    Opening open(Offer offer, PeerId from);
}
