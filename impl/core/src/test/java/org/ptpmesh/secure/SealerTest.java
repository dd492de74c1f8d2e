package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ptpmesh.secure.SecureNodeTest.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.noise.CounterCipher;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.wire.Checksum;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DatagramWriter;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/** {@link Sealer}: its kept buffers change no byte on the wire and no datagram handed out before. */
class SealerTest {

    private final Parties p = new Parties(33);
    private final PeerId self = p.clientIdentity.peerId();
    private final byte[] key = p.bytes(32);
    private final Sealer sealer = new Sealer();

    @Test
    void datagramAfterDatagramIsTheSealedDatagramOfDocsProtocol69AndEarlierOnesStayIntact() throws NoiseException {
        CounterCipher sending = CounterCipher.withKey(key);
        CounterCipher reference = CounterCipher.withKey(key);
        List<byte[]> inners = new ArrayList<>();
        List<byte[]> sealed = new ArrayList<>();
        for (int size : new int[] {3, 1_280, 237, 253, 254, SecureDatagrams.MAX_SEALABLE, 40}) {
            byte[] inner = p.bytes(size);
            inners.add(inner);
            sealed.add(sealer.seal(self, 0xBEEFL, sending, inner));
        }
        for (int i = 0; i < inners.size(); i++) {
            assertThat(sealed.get(i)).as("datagram %d", i).isEqualTo(byHand(0xBEEFL, reference, inners.get(i)));
        }
    }

    @Test
    void opensWhatWasSealedInAnyOrderBetweenItsOwnSeals() throws NoiseException {
        CounterCipher sending = CounterCipher.withKey(key);
        CounterCipher receiving = CounterCipher.withKey(key);
        byte[] first = p.bytes(1_280);
        byte[] second = p.bytes(17);
        byte[] sealedFirst = sealer.seal(self, 1, sending, first);
        byte[] sealedSecond = sealer.seal(self, 1, sending, second);

        byte[] openedSecond = sealer.open(view(sealedSecond), 1, receiving);
        // sealing in between reuses the buffer the opening joined the SEALED values in
        sealer.seal(self, 1, sending, p.bytes(900));
        byte[] openedFirst = sealer.open(view(sealedFirst), 0, receiving);

        assertThat(openedFirst).isEqualTo(first);
        assertThat(openedSecond).isEqualTo(second);
    }

    @Test
    void aChangedHeaderByteOrAnotherCounterDoesNotOpen() throws NoiseException {
        byte[] sealed = sealer.seal(self, 7, CounterCipher.withKey(key), p.bytes(500));
        byte[] otherSession = sealed.clone();
        // the last byte of PEERSESSION, inside the associated data; the checksum made right again
        DatagramView v = view(sealed);
        int session = v.valueOffset(v.indexOf(TlvTypes.PEERSESSION));
        otherSession[session + 3] ^= 1;
        int body = otherSession.length - Datagram.CHECKSUM_SIZE;
        int checksum = Checksum.compute(otherSession, 0, body);
        otherSession[body] = (byte) (checksum >>> 8);
        otherSession[body + 1] = (byte) checksum;

        assertThatThrownBy(() -> sealer.open(view(otherSession), 0, CounterCipher.withKey(key)))
                .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.BAD_TAG));
        assertThatThrownBy(() -> sealer.open(view(sealed), 1, CounterCipher.withKey(key)))
                .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.BAD_TAG));
        assertThat(sealer.open(view(sealed), 0, CounterCipher.withKey(key))).hasSize(500);
    }

    /** The SEALED datagram as docs/protocol.md 6.9 lays it out, written with the wire writer alone. */
    private byte[] byHand(long peerSession, CounterCipher sending, byte[] inner) throws NoiseException {
        byte[] buffer = new byte[Datagram.MAX_SIZE];
        DatagramWriter w = new DatagramWriter().wrap(buffer, 0).putUint(TlvTypes.MSGKIND, MessageKind.SEALED.code(), 1)
                .putBytes(TlvTypes.UUID, self.bytes(), 0, TlvTypes.PEER_ID_LENGTH).putUint(TlvTypes.PEERSESSION, peerSession, 4)
                .putUint(TlvTypes.COUNTER, sending.nextCounter(), 8);
        byte[] ciphertext = sending.seal(Arrays.copyOf(buffer, w.position()), inner);
        for (int off = 0; off < ciphertext.length; off += TlvTypes.MAX_VALUE_LENGTH) {
            w.putBytes(TlvTypes.SEALED, ciphertext, off, Math.min(TlvTypes.MAX_VALUE_LENGTH, ciphertext.length - off));
        }
        return Arrays.copyOf(buffer, w.finish());
    }
}
