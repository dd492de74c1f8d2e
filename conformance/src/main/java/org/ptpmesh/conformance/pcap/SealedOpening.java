package org.ptpmesh.conformance.pcap;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Opens a captured SEALED datagram with the key a key log gives for its UUID and PEERSESSION
 * (docs/protocol.md 6.9): AES-256-GCM (Noise's AESGCM) with the nonce 4 zero bytes then COUNTER
 * big-endian, a 16-byte tag, every byte before the first SEALED TLV as associated data, the SEALED values
 * concatenated as ciphertext and tag. The plaintext is the complete inner datagram.
 */
final class SealedOpening {

    /** What opening gave. */
    sealed interface Result {
    }

    /** The key log holds no key for the datagram's sender and session: it stays sealed, which is no error. */
    record NoKey() implements Result {
    }

    /** The logged key does not open it: altered, forged, or a key log of another run. */
    record Refused(Finding finding) implements Result {
    }

    /** The inner datagram. */
    record Opened(byte[] inner) implements Result {
    }

    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private SealedOpening() {
    }

    /** @param sealed the decoded form of {@code datagram}, a SEALED message that keeps every receiver rule */
    static Result open(byte[] datagram, Message sealed, SealKeys keys) {
        PeerId sender = PeerId.of(sealed.bytes(TlvTypes.UUID).orElseThrow());
        long peerSession = sealed.uint(TlvTypes.PEERSESSION).orElseThrow();
        Optional<byte[]> key = keys.keyFor(sender, peerSession);
        if (key.isEmpty()) {
            return new NoKey();
        }
        long counter = sealed.uint(TlvTypes.COUNTER).orElseThrow();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.get(), "AES"), nonce(counter));
            cipher.updateAAD(Arrays.copyOf(datagram, firstSealedOffset(datagram)));
            return new Opened(cipher.doFinal(sealed.concatenated(TlvTypes.SEALED)));
        } catch (AEADBadTagException e) {
            return new Refused(new Finding("seal_open_failed", "the key logged for " + sender + " session "
                    + String.format("%08x", peerSession) + " does not open COUNTER " + Long.toUnsignedString(counter)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime's AES/GCM failed", e);
        }
    }

    /** Noise's AESGCM nonce: 32 zero bits, then the 64-bit counter big-endian; a 128-bit tag. */
    static GCMParameterSpec nonce(long counter) {
        return new GCMParameterSpec(TAG_BITS, ByteBuffer.allocate(NONCE_LENGTH).putInt(0).putLong(counter).array());
    }

    /** Where the first SEALED TLV starts: its header and what follows are not associated data. */
    private static int firstSealedOffset(byte[] datagram) {
        DatagramView view = new DatagramView();
        if (view.wrap(datagram, 0, datagram.length) != null) {
            throw new IllegalArgumentException("not a well-formed datagram");
        }
        return view.valueOffset(view.indexOf(TlvTypes.SEALED)) - 2;
    }
}
