package org.ptpmesh.secure;

import java.util.Arrays;
import org.ptpmesh.noise.CounterCipher;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DatagramWriter;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Seals and opens SEALED datagrams (docs/protocol.md 6.9) through buffers kept from one datagram
 * to the next: a bulk transfer seals or opens every block, and a fresh datagram buffer, a copy of
 * the associated data and of the joined SEALED values per datagram were a visible part of its
 * cost. The associated data is read where it lies, in the datagram being written or received.
 * What leaves ({@link #seal}'s datagram, {@link #open}'s inner datagram) is a new array, since its
 * receiver may keep it.
 *
 * <p>Not thread-safe: one per node.
 */
public final class Sealer {

    private final byte[] datagram = new byte[Datagram.MAX_SIZE];
    /** The sealed inner datagram and its tag, before they are cut into SEALED TLVs or after they are joined. */
    private final byte[] sealed = new byte[Datagram.MAX_SIZE];
    private final DatagramWriter writer = new DatagramWriter();

    /**
     * {@code inner}, a complete datagram, sealed for the session the addressee numbered {@code
     * peerSession}, under {@code sending}'s next counter.
     *
     * @throws IllegalArgumentException when {@code inner} is larger than {@link SecureDatagrams#MAX_SEALABLE}
     */
    public byte[] seal(PeerId self, long peerSession, CounterCipher sending, byte[] inner) throws NoiseException {
        if (inner.length > SecureDatagrams.MAX_SEALABLE) {
            throw new IllegalArgumentException("an inner datagram of " + inner.length + " bytes; at most "
                    + SecureDatagrams.MAX_SEALABLE + " fit sealed");
        }
        DatagramWriter w = SecureDatagrams.start(writer, datagram, MessageKind.SEALED, self)
                .putUint(TlvTypes.PEERSESSION, peerSession, 4)
                .putUint(TlvTypes.COUNTER, sending.nextCounter(), SecureDatagrams.COUNTER_WIDTH);
        int length = sending.seal(datagram, w.position(), inner, sealed);
        SecureDatagrams.putFragments(w, TlvTypes.SEALED, sealed, length);
        return Arrays.copyOf(datagram, w.finish());
    }

    /**
     * The inner datagram of the SEALED datagram {@code view} (read by the receiver rules), opened
     * under {@code counter}, its {@code COUNTER}.
     */
    public byte[] open(DatagramView view, long counter, CounterCipher receiving) throws NoiseException {
        int length = SecureDatagrams.joinInto(view, TlvTypes.SEALED, sealed);
        return receiving.open(counter, view.buffer(), SecureDatagrams.associatedDataLength(view), sealed, length);
    }
}
