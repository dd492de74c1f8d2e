package org.ptpmesh.transfer;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.ptpmesh.wire.PeerId;

/**
 * Objects received into memory, by name, with their partial state kept across a restart of the
 * receiving endpoint (hand the same store to the new one): what the simulator uses in place of
 * a directory and its journals.
 */
public final class MemoryStore implements BlockStore {

    private final Map<String, MemorySink> partial = new HashMap<>();
    private final Map<String, byte[]> complete = new HashMap<>();

    @Override
    public Opening open(Offer offer, PeerId from) {
        if (offer.size() > Integer.MAX_VALUE - 16) {
            return new Refused("an object of " + offer.size() + " bytes does not fit in memory");
        }
        byte[] existing = complete.get(offer.name());
        if (existing != null) {
            return Arrays.equals(Sha256.of(existing), offer.sha256()) ? new AlreadyPresent()
                    : new Refused("an object named '" + offer.name() + "' is already stored");
        }
        MemorySink sink = partial.get(offer.name());
        if (sink == null || !sink.offer.sameObject(offer)) {
            sink = new MemorySink(offer);
            partial.put(offer.name(), sink);
        }
        return new Accepted(sink);
    }

    /** The complete, verified object called {@code name}, or null. */
    public byte[] object(String name) {
        byte[] o = complete.get(name);
        return o == null ? null : o.clone();
    }

    /** Blocks held for an unfinished object called {@code name}. */
    public int blocksHeld(String name) {
        MemorySink sink = partial.get(name);
        return sink == null ? 0 : sink.count;
    }

    private final class MemorySink implements BlockSink {
        final Offer offer;
        final byte[] data;
        final BitSet have = new BitSet();
        int count;

        MemorySink(Offer offer) {
            this.offer = offer;
            this.data = new byte[(int) offer.size()];
        }

        @Override
        public BitSet stored() {
            return (BitSet) have.clone();
        }

        @Override
        public void write(int block, byte[] src, int off, int len) {
            System.arraycopy(src, off, data, Math.toIntExact(offer.blockStart(block)), len);
            if (!have.get(block)) {
                have.set(block);
                count++;
            }
        }

        @Override
        public boolean verify(byte[] expected) {
            return MessageDigest.isEqual(Sha256.of(data), expected);
        }

        @Override
        public void commit() {
            partial.remove(offer.name());
            complete.put(offer.name(), data);
        }

        @Override
        public void suspend() {
            // the blocks stay in memory for the next offer of this object
        }

        @Override
        public void discard() {
            partial.remove(offer.name());
        }
    }
}
