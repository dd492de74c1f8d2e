package org.ptpmesh.transfer;

import org.ptpmesh.wire.PeerId;

/** Decides whether a receiver takes an offered object, and opens the sink it goes into. */
public interface BlockStore {

    /**
     * The store of an end that only sends ({@code ptpmesh send}, {@code serve}): an OFFER to it
     * is no transfer of its own, so it is dropped and counted, never answered.
     */
    BlockStore NONE = new BlockStore() {
        @Override
        public boolean receives() {
            return false;
        }

        @Override
        public Opening open(Offer offer, PeerId from) {
            return new Refused("this end only sends");
        }
    };

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

    /** Whether this end receives at all. */
    default boolean receives() {
        return true;
    }

    Opening open(Offer offer, PeerId from);
}
