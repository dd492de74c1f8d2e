package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.secure.Parties.CLIENT;
import static org.ptpmesh.secure.Parties.SERVER;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.ptpmesh.noise.CounterCipher;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** A SEALED datagram opens to exactly the datagram sealed, and a copy with any one bit changed is never taken as sealed. */
class SealedDatagramProperties {

    @Property(tries = 300)
    void sealingThenOpeningGivesTheInnerDatagramBack(@ForAll @Size(32) byte[] key, @ForAll @Size(max = 1_332) byte[] inner,
                                                    @ForAll @IntRange(max = 3) int earlier) throws NoiseException {
        Parties p = new Parties(key[0]);
        CounterCipher sending = CounterCipher.withKey(key);
        for (int i = 0; i < earlier; i++) {
            sending.seal(new byte[0], new byte[0]);
        }
        byte[] sealed = SecureDatagrams.sealed(p.clientIdentity.peerId(), 42, sending, inner);
        var view = SecureNodeTest.view(sealed);

        byte[] opened = CounterCipher.withKey(key).open(view.uintOf(TlvTypes.COUNTER, -1), SecureDatagrams.associatedData(view),
                SecureDatagrams.joined(view, TlvTypes.SEALED));
        assertThat(opened).isEqualTo(inner);
    }

    @Property(tries = 150)
    void anyOneBitChangedIsNeverDeliveredAsSealed(@ForAll long seed, @ForAll int where, @ForAll @IntRange(max = 7) int bit,
                                                 @ForAll boolean fixChecksum) {
        Parties p = new Parties(seed).start();
        p.net.advance(2_500);
        p.net.lose = s -> s.from().equals(CLIENT);
        p.net.advance(1_000);
        p.net.lose = s -> false;
        List<byte[]> sent = p.net.between(CLIENT, SERVER);
        byte[] sealed = sent.get(sent.size() - 1);
        assertThat(SecureNodeTest.kindOf(sealed)).isEqualTo(MessageKind.SEALED);
        // the checksum's own two bytes are left as they are when it is recomputed
        int span = fixChecksum ? sealed.length - 2 : sealed.length;
        byte[] changed = sealed.clone();
        changed[Math.floorMod(where, span)] ^= (byte) (1 << bit);
        byte[] attempt = fixChecksum ? SecureNodeTest.rechecksummed(changed) : changed;
        long sealedBefore = sealedDelivered(p);

        p.net.inject(CLIENT, SERVER, attempt);
        assertThat(sealedDelivered(p)).isEqualTo(sealedBefore);

        p.net.inject(CLIENT, SERVER, sealed);
        assertThat(sealedDelivered(p)).isEqualTo(sealedBefore + 1);
    }

    private static long sealedDelivered(Parties p) {
        return p.serverInner.got.stream().filter(g -> g.key() != null).count();
    }
}
